using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// Conversation tokens of the built-in Direct Line: signed (HMAC-SHA256), scoped to one conversation and one user, and
/// expiring. Their claims are readable but cannot be changed without the key.
/// </summary>
public sealed class DirectLineTokens
{
    private readonly byte[] _key;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;

    public DirectLineTokens(DirectLineOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _key = options.SigningKeyBytes() ?? RandomNumberGenerator.GetBytes(DirectLineOptions.MinSigningKeyBytes);
    }

    public int ExpiresInSeconds => (int)_options.TokenLifetime.TotalSeconds;

    public string Issue(string conversationId, string userId)
    {
        var claims = new TokenClaims(conversationId, userId, (_time.GetUtcNow() + _options.TokenLifetime).ToUnixTimeSeconds(), Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        var payload = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        return payload + "." + Sign(payload);
    }

    /// <summary>The token's claims, or null with the reason it is not acceptable.</summary>
    public (TokenClaims? Claims, string? Problem) Read(string? token)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0)
        {
            return (null, "missing or malformed token");
        }

        var payload = token[..dot];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(token[(dot + 1)..])))
        {
            return (null, "invalid token signature");
        }

        TokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<TokenClaims>(Base64UrlEncoder.DecodeBytes(payload));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return (null, "malformed token");
        }

        return claims is null ? (null, "malformed token")
            : claims.Expires <= _time.GetUtcNow().ToUnixTimeSeconds() ? (null, "token expired")
            : (claims, null);
    }

    private string Sign(string payload) => Base64UrlEncoder.Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));
}

/// <summary>What a Direct Line token grants: one conversation, as one user, until a time. The nonce makes every
/// token issued distinct, so a refreshed token never equals the one it replaces.</summary>
public sealed record TokenClaims(string Conversation, string User, long Expires, string Nonce);
