using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Authentication;

/// <summary>
/// The bot's own token for calling the channel's connector: a client-credentials token from the login URL
/// (multi- or single-tenant), or a managed-identity token (UserAssignedMSI). It is cached until shortly before it
/// expires, and only one request for a new one is made at a time however many turns need it. A plain form POST is used
/// rather than MSAL, which insists on https authorities and on calling Microsoft's instance discovery first.
/// </summary>
public sealed partial class BotTokenProvider(HttpClient http, BotAuthenticationOptions options, TimeProvider time, ILogger<BotTokenProvider> logger) : IDisposable
{
    /// <summary>A token is renewed this long before it expires, so none expires in flight.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    // One immutable object, replaced whole: a reader on another thread sees an old token or a new one, never a token
    // paired with another token's expiry (a nullable tuple is a multi-word struct and can tear).
    private volatile CachedToken? _cached;

    /// <summary>The current token, or null when authentication is off (no app id).</summary>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (!options.IsEnabled)
        {
            return null;
        }

        if (Fresh() is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var (value, lifetime) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _cached = new CachedToken(value, time.GetUtcNow() + lifetime);
            LogFetched(logger, lifetime.TotalMinutes);
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached token, after the channel has refused it.</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private string? Fresh() => _cached is { } cached && cached.Expires - RenewBefore > time.GetUtcNow() ? cached.Token : null;

    private sealed record CachedToken(string Token, DateTimeOffset Expires);

    private async Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken)
    {
        var scope = options.ToChannelFromBotOAuthScope.TrimEnd('/');
        using var request = string.Equals(options.AppType, BotAuthenticationOptions.UserAssignedMsi, StringComparison.OrdinalIgnoreCase)
            ? ManagedIdentityRequest(scope)
            : new HttpRequestMessage(HttpMethod.Post, $"{options.LoginUrl}/oauth2/v2.0/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = options.MicrosoftAppId!,
                    ["client_secret"] = options.MicrosoftAppPassword ?? string.Empty,
                    ["scope"] = scope + "/.default",
                }),
            };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The token endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        var token = body.GetProperty("access_token").GetString() ?? throw new HttpRequestException("The token endpoint returned no access_token.");
        return (token, TimeSpan.FromSeconds(ExpiresIn(body)));
    }

    /// <summary>Container Apps and App Service serve their own identity endpoint (with its secret header and API
    /// version); elsewhere (VMs, AKS) the instance metadata service answers.</summary>
    private HttpRequestMessage ManagedIdentityRequest(string scope)
    {
        var query = $"resource={Uri.EscapeDataString(scope)}&client_id={Uri.EscapeDataString(options.MicrosoftAppId!)}";
        if (!string.IsNullOrWhiteSpace(options.IdentityEndpoint))
        {
            var hosted = new HttpRequestMessage(HttpMethod.Get, $"{options.IdentityEndpoint}?api-version=2019-08-01&{query}");
            hosted.Headers.Add("X-IDENTITY-HEADER", options.IdentityHeader ?? string.Empty);
            return hosted;
        }

        var request = new HttpRequestMessage(HttpMethod.Get, $"{options.ManagedIdentityEndpoint}?api-version=2018-02-01&{query}");
        request.Headers.Add("Metadata", "true");
        return request;
    }

    /// <summary>Entra ID sends <c>expires_in</c> as a number, the metadata service as a string; the hosts' identity
    /// endpoint may send only <c>expires_on</c>, seconds since 1970.</summary>
    private double ExpiresIn(JsonElement body) =>
        body.TryGetProperty("expires_in", out var value) ? Seconds(value)
        : body.TryGetProperty("expires_on", out var on) ? Seconds(on) - time.GetUtcNow().ToUnixTimeSeconds()
        : 3600;

    private static double Seconds(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble();

    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Fetched a connector token valid for {Minutes:F0} minutes")]
    private static partial void LogFetched(ILogger logger, double minutes);
}
