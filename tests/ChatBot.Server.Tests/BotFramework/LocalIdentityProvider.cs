using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>
/// A stand-in, on loopback, for the identity services the bot talks to (a test double of Azure's, which cannot be
/// reached here): Bot Framework OpenID metadata and keys with endorsements, Microsoft identity metadata and keys for
/// Emulator tokens, and the client-credentials token endpoint. Keys are generated per test run.
/// </summary>
public sealed class LocalIdentityProvider : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string AppPassword = "test-secret";

    /// <summary>The secret Container Apps puts in <c>IDENTITY_HEADER</c> for its identity endpoint.</summary>
    public const string IdentityHeader = "container-identity-secret";
    public const string EmulatorTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    private readonly WebApplication _app;
    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> _channelKeys = [];
    private readonly RsaSecurityKey _emulatorKey = NewKey();
    private int _channelKeyRequests;

    private LocalIdentityProvider(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>How often the channel signing keys were fetched.</summary>
    public int ChannelKeyRequests => Volatile.Read(ref _channelKeyRequests);

    public RsaSecurityKey ChannelKey => _channelKeys[0].Key;

    /// <summary>Settings that point the bot at this provider.</summary>
    public string[] Settings =>
    [
        $"MicrosoftAppId={AppId}",
        $"MicrosoftAppPassword={AppPassword}",
        $"ToBotFromChannelOpenIdMetadataUrl={BaseUrl}/v1/.well-known/openidconfiguration",
        $"ToBotFromEmulatorOpenIdMetadataUrl={BaseUrl}/common/v2.0/.well-known/openid-configuration",
        $"ToChannelFromBotLoginUrl={BaseUrl}/botframework.com",
    ];

    public static async Task<LocalIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var idp = new LocalIdentityProvider(app);
        idp._channelKeys.Add((NewKey(), ["msteams", "emulator", "directline", "webchat"]));
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = "https://api.botframework.com",
            ["jwks_uri"] = idp.BaseUrl + "/v1/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapGet("/v1/keys", () =>
        {
            Interlocked.Increment(ref idp._channelKeyRequests);
            return Results.Json(new JsonObject { ["keys"] = new JsonArray([.. idp._channelKeys.Select(k => Jwk(k.Key, k.Endorsements))]) });
        });
        app.MapGet("/common/v2.0/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = "https://login.microsoftonline.com/{tenantid}/v2.0",
            ["jwks_uri"] = idp.BaseUrl + "/common/discovery/v2.0/keys",
        }));
        app.MapGet("/common/discovery/v2.0/keys", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(Jwk(idp._emulatorKey, null)) }));
        app.MapGet("/msi/token", (HttpContext context) =>
        {
            idp.TokenRequests.Enqueue(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
            return context.Request.Headers["Metadata"] == "true"
                ? Results.Json(new { token_type = "Bearer", expires_in = "86399", access_token = "msi-token" })
                : Results.StatusCode(400);
        });
        // Container Apps' and App Service's identity endpoint: the secret header they set, seconds since 1970 to expiry.
        app.MapGet("/identity/token", (HttpContext context) =>
        {
            idp.TokenRequests.Enqueue(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
            return context.Request.Headers["X-IDENTITY-HEADER"] == IdentityHeader && context.Request.Query["api-version"] == "2019-08-01"
                ? Results.Json(new
                {
                    token_type = "Bearer",
                    expires_on = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    access_token = "container-identity-token",
                })
                : Results.StatusCode(400);
        });
        app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            idp.TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (form["client_secret"] != AppPassword)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = $"bot-token-{idp.TokenRequests.Count}" });
        });
        await app.StartAsync();
        return idp;
    }

    /// <summary>Adds a new channel signing key (a rotation) and returns it.</summary>
    public RsaSecurityKey RotateChannelKey()
    {
        var key = NewKey();
        _channelKeys.Add((key, ["msteams", "emulator", "directline", "webchat"]));
        return key;
    }

    /// <summary>Adds a channel signing key endorsed only for the given channels.</summary>
    public RsaSecurityKey AddChannelKey(params string[] endorsements)
    {
        var key = NewKey();
        _channelKeys.Add((key, endorsements));
        return key;
    }

    /// <summary>A token as Azure Bot Service would send it; each argument can be spoiled by a test.</summary>
    public string ChannelToken(
        string serviceUrl,
        string issuer = "https://api.botframework.com",
        string audience = AppId,
        SecurityKey? key = null,
        DateTime? expires = null) =>
        Mint(issuer, audience, key ?? ChannelKey, expires, new Dictionary<string, object> { ["serviceurl"] = serviceUrl });

    /// <summary>A token as the Bot Framework Emulator gets it from Entra ID with the bot's credentials.</summary>
    public string EmulatorToken(string version, string? appIdClaim = AppId)
    {
        var v2 = version == "2.0";
        var issuer = v2 ? $"https://login.microsoftonline.com/{EmulatorTenant}/v2.0" : $"https://sts.windows.net/{EmulatorTenant}/";
        var claims = new Dictionary<string, object> { ["ver"] = version, [v2 ? "azp" : "appid"] = appIdClaim ?? string.Empty };
        return Mint(issuer, AppId, _emulatorKey, null, claims);
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    private static string Mint(string issuer, string audience, SecurityKey key, DateTime? expires, Dictionary<string, object> claims)
    {
        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-2),
            NotBefore = expiry.AddHours(-2),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static JsonObject Jwk(RsaSecurityKey key, string[]? endorsements)
    {
        var parameters = key.Rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]);
        }

        return jwk;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
