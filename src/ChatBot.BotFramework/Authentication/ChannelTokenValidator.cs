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
/// when a token names a key id the cache does not know.
/// </summary>
public sealed partial class ChannelTokenValidator
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    private static readonly string[] EmulatorTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private readonly BotAuthenticationOptions _options;
    private readonly ILogger<ChannelTokenValidator> _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _channelKeys;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _emulatorKeys;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HashSet<string> _emulatorIssuers;

    public ChannelTokenValidator(BotAuthenticationOptions options, HttpClient http, ILogger<ChannelTokenValidator> logger)
    {
        _options = options;
        _logger = logger;
        _channelKeys = Metadata(options.ToBotFromChannelOpenIdMetadataUrl, http);
        _emulatorKeys = Metadata(options.ToBotFromEmulatorOpenIdMetadataUrl, http);
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

        var keys = fromChannel ? _channelKeys : _emulatorKeys;
        var configuration = await keys.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(token.Kid) && configuration.SigningKeys.All(k => k.KeyId != token.Kid))
        {
            // A key id we have not seen: the channel may have rotated its keys since they were cached.
            keys.RequestRefresh();
            configuration = await keys.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
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

    private static ConfigurationManager<OpenIdConnectConfiguration> Metadata(string url, HttpClient http)
    {
        // Plain HTTP is allowed only for a loopback identity provider (tests, local development).
        var loopback = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
        return new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http) { RequireHttps = !loopback })
        {
            AutomaticRefreshInterval = TimeSpan.FromDays(5),
        };
    }

    [LoggerMessage(EventId = 4400, Level = LogLevel.Warning, Message = "Rejected a channel token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
