using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>A set of activities with their watermark, as Direct Line sends them (polling answer and WebSocket frame).</summary>
public sealed record ActivitySet(IReadOnlyList<Activity> Activities, string? Watermark);

/// <summary>Why the server ended a conversation's WebSocket; the stream closes it with this status and reason.</summary>
public sealed class SocketClosedException(WebSocketCloseStatus status, string reason) : InvalidOperationException(reason)
{
    public WebSocketCloseStatus Status { get; } = status;
}

/// <summary>
/// One Direct Line conversation: its history (activities numbered from 0; the watermark is the number of activities a
/// client has seen) and at most one WebSocket subscriber. Typing indicators go to the socket only, as in Direct Line,
/// so they never take a watermark and polling never skips or repeats a message. The history is bounded in count and in
/// bytes (oldest dropped first), and its bytes count against the budget all conversations share.
/// </summary>
public sealed class DirectLineConversation(string id, string userId, DirectLineOptions options, DateTimeOffset now, HistoryBudget? budget = null)
{
    private readonly Lock _gate = new();
    private readonly Queue<(Activity Activity, int Bytes)> _history = new();
    private readonly HistoryBudget _budget = budget ?? new HistoryBudget();
    private int _dropped;
    private long _bytes;
    private bool _closed;
    private Channel<string>? _subscriber;

    public string Id { get; } = id;

    public string UserId { get; } = userId;

    public bool Started { get; private set; }

    public DateTimeOffset LastActive { get; private set; } = now;

    /// <summary>What the kept history takes, measured as its serialized JSON (UTF-16 characters × 2).</summary>
    public long HistoryBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Marks the conversation started; true only the first time.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            var first = !Started;
            Started = true;
            return first;
        }
    }

    /// <summary>Adds an activity, giving it an id and timestamp, and pushes it to the socket. Returns its id.</summary>
    public string Append(Activity activity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            LastActive = now;
            activity.Timestamp ??= now.ToString("O", CultureInfo.InvariantCulture);
            if (activity.Type == ActivityTypes.Typing)
            {
                activity.Id ??= $"{Id}|typing-{Guid.NewGuid():N}";
                Push(new ActivitySet([activity], null));
                return activity.Id;
            }

            var sequence = _dropped + _history.Count;
            activity.Id = $"{Id}|{sequence:D7}";
            var frame = Serialize(new ActivitySet([activity], (sequence + 1).ToString(CultureInfo.InvariantCulture)));
            if (!_closed)
            {
                var bytes = frame.Length * sizeof(char);
                _history.Enqueue((activity, bytes));
                _bytes += bytes;
                _budget.Add(bytes);
                while (_history.Count > 1 && (_history.Count > options.MaxActivitiesPerConversation || _bytes > options.MaxHistoryBytesPerConversation))
                {
                    var (_, dropped) = _history.Dequeue();
                    _bytes -= dropped;
                    _budget.Add(-dropped);
                    _dropped++;
                }
            }

            PushFrame(frame);
            return activity.Id;
        }
    }

    /// <summary>The activities after <paramref name="watermark"/>, at most <see cref="DirectLineOptions.MaxActivitiesPerRead"/>,
    /// and the watermark after the last one returned (a client that is further behind reads again from there).</summary>
    public ActivitySet Since(int watermark)
    {
        lock (_gate)
        {
            var start = Math.Max(watermark, _dropped) - _dropped;
            var activities = _history.Skip(start).Take(options.MaxActivitiesPerRead).Select(h => h.Activity).ToList();
            return new ActivitySet(activities, (_dropped + start + activities.Count).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Registers the conversation's one socket, queueing what it has not seen; null when another is already
    /// connected or the conversation has ended.</summary>
    public ChannelReader<string>? Subscribe(int? watermark)
    {
        lock (_gate)
        {
            if (_subscriber is not null || _closed)
            {
                return null;
            }

            _subscriber = Channel.CreateBounded<string>(new BoundedChannelOptions(options.SocketBufferFrames) { FullMode = BoundedChannelFullMode.Wait });
            // A first connection (no watermark) gets the conversation so far: the bot's welcome is usually written
            // before the client has opened its socket.
            var backlog = Since(watermark ?? 0);
            if (backlog.Activities.Count > 0)
            {
                Push(backlog);
            }

            return _subscriber.Reader;
        }
    }

    public void Unsubscribe(ChannelReader<string> reader)
    {
        lock (_gate)
        {
            if (_subscriber?.Reader == reader)
            {
                _subscriber.Writer.TryComplete();
                _subscriber = null;
            }
        }
    }

    /// <summary>Ends the conversation: its socket is closed with <paramref name="reason"/> and its history released.</summary>
    public void Close(string reason)
    {
        lock (_gate)
        {
            _closed = true;
            _subscriber?.Writer.TryComplete(new SocketClosedException(WebSocketCloseStatus.NormalClosure, reason));
            _subscriber = null;
            _budget.Add(-_bytes);
            _bytes = 0;
            _history.Clear();
        }
    }

    private void Push(ActivitySet set) => PushFrame(Serialize(set));

    private void PushFrame(string frame)
    {
        // A client that does not read its socket is cut off rather than buffered for: it reconnects from its watermark.
        if (_subscriber is { } subscriber && !subscriber.Writer.TryWrite(frame))
        {
            subscriber.Writer.TryComplete(new SocketClosedException(WebSocketCloseStatus.PolicyViolation, "client too slow"));
            _subscriber = null;
        }
    }

    private static string Serialize(ActivitySet set) => JsonSerializer.Serialize(set, BotJson.Options);
}

/// <summary>The bytes of history all Direct Line conversations hold together.</summary>
public sealed class HistoryBudget
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);
}
