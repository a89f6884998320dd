using System.Text.Json;
using ChatBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.BotFramework.Authentication;

/// <summary>
/// Validates the Bearer token on an incoming activity as the Bot Framework SDK does. Tokens from Azure Bot Service
/// (Teams, Direct Line, Web Chat) are checked against the Bot Framework OpenID metadata: issuer, audience = app id,
/// signature, lifetime with 5 minutes of skew, the <c>serviceurl</c> claim equal to the activity's serviceUrl, and the
/// signing key's endorsements naming the activity's channel. Emulator tokens are checked against the Microsoft identity
/// metadata, with <c>appid</c> (v1 tokens) or <c>azp</c> (v2) equal to the app id. Keys are cached and fetched again
/// at once when a token names a key id the cache does not know (<see cref="SigningKeyCache"/>).
/// </summary>
public sealed partial class ChannelTokenValidator : IDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    private static readonly string[] EmulatorTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private readonly BotAuthenticationOptions _options;
    private readonly ILogger<ChannelTokenValidator> _logger;
    private readonly SigningKeyCache _channelKeys;
    private readonly SigningKeyCache _emulatorKeys;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HashSet<string> _emulatorIssuers;

    public ChannelTokenValidator(BotAuthenticationOptions options, HttpClient http, TimeProvider time, ILogger<ChannelTokenValidator> logger)
    {
        _options = options;
        _logger = logger;
        _channelKeys = Metadata(options.ToBotFromChannelOpenIdMetadataUrl, http, time);
        _emulatorKeys = Metadata(options.ToBotFromEmulatorOpenIdMetadataUrl, http, time);
        var tenants = EmulatorTenants.Concat(string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId) ? [] : [options.MicrosoftAppTenantId]);
        _emulatorIssuers = [.. tenants.SelectMany(t => new[] { $"https://sts.windows.net/{t}/", $"https://login.microsoftonline.com/{t}/v2.0" })];
    }

    /// <summary>Null when the request is authentic; otherwise why it is not.</summary>
    public async Task<string?> ValidateAsync(string? authorization, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "missing Bearer token";
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(authorization["Bearer ".Length..].Trim());
        }
        catch (ArgumentException)
        {
            return "malformed token";
        }

        var fromChannel = token.Issuer == BotFrameworkIssuer;
        if (!fromChannel && !_emulatorIssuers.Contains(token.Issuer))
        {
            return $"untrusted issuer '{token.Issuer}'";
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await (fromChannel ? _channelKeys : _emulatorKeys).GetAsync(token.Kid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogKeysUnavailable(_logger, ex.Message);
            return "the issuer's signing keys could not be fetched";
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = token.Issuer,
            ValidAudience = _options.MicrosoftAppId,
            IssuerSigningKeys = configuration.SigningKeys,
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            LogRejected(_logger, result.Exception?.GetType().Name ?? "invalid");
            return "token rejected: " + (result.Exception?.GetType().Name ?? "invalid");
        }

        return fromChannel ? CheckChannelToken(token, configuration, activity) : CheckEmulatorToken(token);
    }

    private static string? CheckChannelToken(JsonWebToken token, OpenIdConnectConfiguration configuration, Activity activity)
    {
        if (!token.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return "the token's serviceurl claim does not match the activity's serviceUrl";
        }

        if (string.IsNullOrEmpty(activity.ChannelId))
        {
            return null;
        }

        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == token.Kid);
        return key is not null && Endorsements(key).Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"the signing key is not endorsed for channel '{activity.ChannelId}'";
    }

    private string? CheckEmulatorToken(JsonWebToken token)
    {
        token.TryGetPayloadValue<string>("ver", out var version);
        var claim = version switch
        {
            null or "" or "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (claim is null)
        {
            return $"unsupported token version '{version}'";
        }

        return token.TryGetPayloadValue<string>(claim, out var appId) && appId == _options.MicrosoftAppId
            ? null
            : $"the token's {claim} is not this bot's app id";
    }

    private static IEnumerable<string> Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.GetString() ?? string.Empty),
            IEnumerable<object> items => items.Select(i => i?.ToString() ?? string.Empty),
            _ => [],
        };
    }

    public void Dispose()
    {
        _channelKeys.Dispose();
        _emulatorKeys.Dispose();
    }

    private static SigningKeyCache Metadata(string url, HttpClient http, TimeProvider time)
    {
        // Plain HTTP is allowed only for a loopback identity provider (tests, local development).
        var loopback = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
        return new SigningKeyCache(url, new HttpDocumentRetriever(http) { RequireHttps = !loopback }, time);
    }

    [LoggerMessage(EventId = 4400, Level = LogLevel.Warning, Message = "Rejected a channel token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Error, Message = "Could not fetch the signing keys to check a channel token: {Reason}")]
    private static partial void LogKeysUnavailable(ILogger logger, string reason);
}
