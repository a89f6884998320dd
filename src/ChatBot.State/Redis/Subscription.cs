using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Schema;
using StackExchange.Redis;

namespace ChatBot.State.Redis;

/// <summary>
/// One WebSocket's feed on this instance: the conversation's backlog, then what is published on its channel, into a
/// bounded buffer. A socket that does not keep up is cut off (it reconnects from its watermark), as with the local store.
/// </summary>
internal sealed class Subscription(string conversationId, int bufferFrames)
{
    private readonly Channel<string> _frames = Channel.CreateBounded<string>(new BoundedChannelOptions(bufferFrames) { FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _gate = new();
    private ChannelMessageQueue? _queue;
    private long _seen;
    private bool _ended;

    public string ConversationId { get; } = conversationId;

    public ChannelReader<string> Reader => _frames.Reader;

    public void Attach(ChannelMessageQueue queue) => _queue = queue;

    /// <summary>Queues the backlog and starts forwarding published activities past it, in the order published.</summary>
    public void Start(ActivitySet backlog, Action onTooSlow)
    {
        lock (_gate)
        {
            _seen = long.Parse(backlog.Watermark ?? "0", NumberStyles.None, CultureInfo.InvariantCulture);
            if (backlog.Activities.Count > 0)
            {
                _frames.Writer.TryWrite(JsonSerializer.Serialize(backlog, BotJson.Options));
            }
        }

        _queue!.OnMessage(message =>
        {
            if (!Forward(message.Message.ToString()))
            {
                onTooSlow();
            }
        });
    }

    /// <summary>False when the client is too slow and its socket has been cut off.</summary>
    private bool Forward(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0)
        {
            return true;
        }

        lock (_gate)
        {
            if (_ended)
            {
                return true;
            }

            // "-" marks a typing indicator, which has no watermark; anything else is the watermark after the activity.
            var head = message.AsSpan(0, newline);
            if (head is not "-")
            {
                if (!long.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var watermark) || watermark <= _seen)
                {
                    return true;
                }

                _seen = watermark;
            }

            if (_frames.Writer.TryWrite(message[(newline + 1)..]))
            {
                return true;
            }
        }

        End(new SocketClosedException(WebSocketCloseStatus.PolicyViolation, "client too slow"));
        return false;
    }

    /// <summary>Stops the feed: the socket reads <paramref name="reason"/> (or just the end) and closes.</summary>
    public void End(SocketClosedException? reason)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
        }

        _frames.Writer.TryComplete(reason);
        if (_queue is { } queue)
        {
            // Nothing waits for this; with Redis unreachable it fails, and the server drops the subscription anyway.
            _ = queue.UnsubscribeAsync().ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }
}
