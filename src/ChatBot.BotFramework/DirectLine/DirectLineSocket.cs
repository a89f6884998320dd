using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// <c>GET /v3/directline/conversations/{id}/stream</c>: the conversation's activities pushed over a WebSocket as
/// ActivitySet frames, with keep-alives. One socket per conversation, and at most <see cref="DirectLineOptions.MaxSockets"/>
/// in all. The server closes a socket when its client is too slow, when its token expires (the client reconnects with
/// its refreshed token) and when the conversation ends (idle past its expiry, or dropped to make room).
/// </summary>
public static class DirectLineSocket
{
    public static async Task StreamAsync(
        string id, string? t, string? watermark, HttpContext context, IDirectLineStore conversations, DirectLineSockets sockets, DirectLineTokens tokens, DirectLineOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var (caller, failure) = await DirectLineAccess.AuthorizeAsync(context, id, conversations, tokens, t);
        if (failure is not null)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected").ExecuteAsync(context);
            return;
        }

        if (!sockets.TryOpen())
        {
            context.Response.Headers.RetryAfter = "30";
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many connections",
                detail: "The server has as many open WebSockets as it allows; poll for activities or retry later.").ExecuteAsync(context);
            return;
        }

        try
        {
            var conversation = caller!.Conversation;
            var frames = await conversations.SubscribeAsync(conversation.Id, int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : null, context.RequestAborted);
            if (frames is null)
            {
                await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Collision",
                    detail: "Another WebSocket is already connected to this conversation.").ExecuteAsync(context);
                return;
            }

            try
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var expiresIn = DateTimeOffset.FromUnixTimeSeconds(caller.Claims.Expires) - time.GetUtcNow();
                // Each keep-alive also looks the conversation up, which ends it (and closes this socket) once it has
                // been idle past DirectLine:IdleExpiry, so an open socket never keeps an expired conversation alive.
                await PumpAsync(
                    socket, frames, options.KeepAliveInterval, expiresIn,
                    async () => await conversations.FindAsync(conversation.Id, context.RequestAborted) is not null, time, context.RequestAborted);
            }
            finally
            {
                conversations.Unsubscribe(conversation.Id, frames);
            }
        }
        finally
        {
            sockets.Closed();
        }
    }

    private static async Task PumpAsync(
        WebSocket socket, ChannelReader<string> frames, TimeSpan keepAlive, TimeSpan expiresIn, Func<Task<bool>> stillOpen, TimeProvider time, CancellationToken aborted)
    {
        var receive = DrainAsync(socket, aborted);
        using var expiry = new CancellationTokenSource(expiresIn > TimeSpan.Zero ? expiresIn : TimeSpan.Zero, time);
        while (socket.State == WebSocketState.Open && !receive.IsCompleted)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, expiry.Token);
            wait.CancelAfter(keepAlive);
            string frame;
            try
            {
                if (!await frames.WaitToReadAsync(wait.Token) || !frames.TryRead(out frame!))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "token expired", CancellationToken.None);
                return;
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                if (await StillOpenAsync(stillOpen) is { } closed)
                {
                    await socket.CloseOutputAsync(closed.Status, closed.Message, CancellationToken.None);
                    return;
                }

                frame = string.Empty;
            }
            catch (Exception ex) when (ClosedBy(ex) is { } closed)
            {
                // The conversation ended or the client fell behind: it reconnects (from its watermark) or starts anew.
                await socket.CloseOutputAsync(closed.Status, closed.Message, CancellationToken.None);
                return;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, aborted);
        }

        // Complete the closing handshake whichever side started it.
        if (socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", CancellationToken.None);
        }
        else if (socket.State == WebSocketState.Open)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "closing", CancellationToken.None);
        }
    }

    /// <summary>Null while the conversation goes on; otherwise why the socket closes. When its store cannot be reached the
    /// socket closes too: pushes may be missed meanwhile, and the client catches up from its watermark on reconnecting.</summary>
    private static async Task<SocketClosedException?> StillOpenAsync(Func<Task<bool>> stillOpen)
    {
        try
        {
            return await stillOpen() ? null : new SocketClosedException(WebSocketCloseStatus.NormalClosure, "conversation expired");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new SocketClosedException(WebSocketCloseStatus.EndpointUnavailable, "conversation store unavailable");
        }
    }

    /// <summary>The reason the server closed the frame channel, whether the channel hands it on as is or wrapped.</summary>
    private static SocketClosedException? ClosedBy(Exception ex) => ex as SocketClosedException ?? ex.InnerException as SocketClosedException;

    /// <summary>Reads (and ignores) what the client sends, such as DirectLineJS's empty keep-alives, until it closes.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
