using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChatBot.BotFramework.Authentication;

/// <summary>
/// The signing keys of one OpenID metadata document, cached. When a token names a key id the cache does not hold (the
/// channel rotated its keys), the document is fetched again at once and the token is checked against the new keys. Our
/// own rather than IdentityModel's ConfigurationManager, whose RequestRefresh only schedules a background refresh, so
/// the token that revealed the rotation would still be checked against the old keys and refused. Unknown-key refetches
/// are spaced by <see cref="MinRefetchInterval"/>, so tokens with made-up key ids cannot make the bot hammer the
/// metadata endpoint; one fetch runs at a time.
/// </summary>
public sealed class SigningKeyCache(string metadataUrl, IDocumentRetriever retriever, TimeProvider time) : IDisposable
{
    /// <summary>Keys are fetched again this long after the last fetch even without a rotation.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);

    public static readonly TimeSpan MinRefetchInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;
    private DateTimeOffset _lastRefetch = DateTimeOffset.MinValue;

    /// <summary>The metadata with its keys, holding <paramref name="keyId"/> if the issuer publishes it.</summary>
    public async Task<OpenIdConnectConfiguration> GetAsync(string? keyId, CancellationToken cancellationToken = default)
    {
        if (_current is { } current && IsUsable(current, keyId))
        {
            return current.Configuration;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is not null && IsUsable(current, keyId))
            {
                return current.Configuration;
            }

            var now = time.GetUtcNow();
            var stale = current is null || now - current.FetchedAt >= RefreshInterval;
            if (!stale && now - _lastRefetch < MinRefetchInterval)
            {
                return current!.Configuration;
            }

            if (!stale)
            {
                _lastRefetch = now;
            }

            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl, retriever, cancellationToken).ConfigureAwait(false);
                _current = new Snapshot(configuration, now);
                return configuration;
            }
            catch (Exception) when (current is not null && !cancellationToken.IsCancellationRequested)
            {
                // The issuer is out of reach: the keys we have are better than none.
                return current.Configuration;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsUsable(Snapshot snapshot, string? keyId) =>
        time.GetUtcNow() - snapshot.FetchedAt < RefreshInterval
        && (string.IsNullOrEmpty(keyId) || snapshot.Configuration.SigningKeys.Any(k => k.KeyId == keyId));

    private sealed record Snapshot(OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt);
}
