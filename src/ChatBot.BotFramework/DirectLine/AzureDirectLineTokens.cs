using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>Exchanges the configured Azure Direct Line secret for a conversation token (<c>tokens/generate</c>), so the
/// browser gets a token scoped to one conversation and never sees the secret.</summary>
public sealed class AzureDirectLineTokens(HttpClient http, DirectLineOptions options)
{
    public async Task<(string Token, string ConversationId, int ExpiresIn)> GenerateAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.AzureEndpoint.TrimEnd('/') + "/tokens/generate")
        {
            Content = JsonContent.Create(new { user = new { id = userId } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Secret);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Azure Direct Line answered {(int)response.StatusCode} to tokens/generate.", null, response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return (body.GetProperty("token").GetString()!, body.GetProperty("conversationId").GetString()!,
            body.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 1800);
    }
}
