using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Authentication;
using ChatBot.BotFramework.Hosting;
using ChatBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Connector;

/// <summary>
/// Sends activities to a channel's Connector REST API: a reply to an activity when <c>replyToId</c> is set, otherwise
/// to the conversation. Retries, attempt timeouts and the circuit breaker are the HTTP client's
/// (<see cref="ConnectorResilience"/>); this class adds what only the bot knows: a 401 means the channel no longer takes
/// the cached token, so it gets a new one and sends once more. Redirects are not followed (see the client's registration).
/// </summary>
public sealed partial class ConnectorClient(
    HttpClient http,
    BotTokenProvider tokens,
    BotFrameworkOptions options,
    ILogger<ConnectorClient> logger)
{
    /// <summary>Largest response body read for the id of a sent activity (a ResourceResponse is a few dozen bytes).</summary>
    private const int MaxResourceResponseBytes = 4096;

    /// <summary>Sends <paramref name="activity"/>; returns false (after logging why) when the channel did not take it.</summary>
    public async Task<bool> SendAsync(string serviceUrl, Activity activity, CancellationToken cancellationToken = default) =>
        (await PostAsync(serviceUrl, activity, readId: false, cancellationToken).ConfigureAwait(false)).Delivered;

    /// <summary>Sends <paramref name="activity"/> and returns the id the channel gave it (its ResourceResponse), or null
    /// when the channel did not take it or named no id; a stream's later activities refer to that id.</summary>
    public async Task<string?> SendForIdAsync(string serviceUrl, Activity activity, CancellationToken cancellationToken = default) =>
        (await PostAsync(serviceUrl, activity, readId: true, cancellationToken).ConfigureAwait(false)).Id;

    private async Task<(bool Delivered, string? Id)> PostAsync(string serviceUrl, Activity activity, bool readId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        using var span = BotTelemetry.Source.StartActivity("connector.send", System.Diagnostics.ActivityKind.Client);
        span?.SetTag("chatbot.activity_type", activity.Type).SetTag("chatbot.conversation", conversationId);
        var uri = ActivitiesUri(serviceUrl, conversationId, activity.ReplyToId);
        for (var refreshedToken = false; ; refreshedToken = true)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(activity, options: BotJson.Options) };
                if (await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                // Headers first: a plain reply's response body is not needed, and a channel that sends its headers and
                // then stalls must not hold the turn.
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException)
            {
                // Refused, unanswered within SendTimeout on every attempt, or the channel's breaker is open.
                LogSendFailed(logger, conversationId, 0, ex is Polly.Timeout.TimeoutRejectedException ? $"no answer within {options.SendTimeout.TotalSeconds:0.###} s" : ex.Message);
                return (false, null);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return (true, readId ? await ReadIdAsync(response, options.SendTimeout, cancellationToken).ConfigureAwait(false) : null);
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshedToken)
                {
                    // The channel no longer accepts the cached token (revoked or rotated): get a new one, once.
                    tokens.Invalidate();
                    continue;
                }

                LogSendFailed(logger, conversationId, (int)response.StatusCode, response.ReasonPhrase ?? string.Empty);
                return (false, null);
            }
        }
    }

    /// <summary>The <c>id</c> of a ResourceResponse body; null when the body is not one, or is larger than one can be.</summary>
    private static async Task<string?> ReadIdAsync(HttpResponseMessage response, TimeSpan timeout, CancellationToken cancellation)
    {
        // The reply was delivered; a channel that stalls on the body only costs the id, after SendTimeout.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            return await ReadIdWithinAsync(response, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<string?> ReadIdWithinAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxResourceResponseBytes)
        {
            return null;
        }

        var buffer = new byte[MaxResourceResponseBytes + 1];
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > MaxResourceResponseBytes)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(buffer.AsSpan(0, length)) is JsonObject resource && resource["id"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0
                ? text
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}], keeping any path already in serviceUrl
    /// (Teams uses one) and escaping ids, which in Teams contain ':', ';' and '@'.</summary>
    public static Uri ActivitiesUri(string serviceUrl, string conversationId, string? replyToId)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
        }

        return new Uri(serviceUrl.EndsWith('/') ? serviceUrl + path : serviceUrl + "/" + path);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Could not deliver a reply to conversation {Conversation}: {Status} {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string conversation, int status, string reason);
}
