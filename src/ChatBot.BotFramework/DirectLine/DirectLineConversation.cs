using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>A set of activities with their watermark, as Direct Line sends them (polling answer and WebSocket frame).</summary>
public sealed record ActivitySet(IReadOnlyList<Activity> Activities, string? Watermark);

/// <summary>
/// One Direct Line conversation: its history (activities numbered from 0; the watermark is the number of activities a
/// client has seen) and at most one WebSocket subscriber. Typing indicators go to the socket only, as in Direct Line,
/// so they never take a watermark and polling never skips or repeats a message.
/// </summary>
public sealed class DirectLineConversation(string id, string userId, DirectLineOptions options, DateTimeOffset now)
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _history = [];
    private int _dropped;
    private Channel<string>? _subscriber;

    public string Id { get; } = id;

    public string UserId { get; } = userId;

    public bool Started { get; private set; }

    /// <summary>Turns of one conversation run one at a time, so replies come back in the order questions were asked.</summary>
    public SemaphoreSlim TurnGate { get; } = new(1, 1);

    public DateTimeOffset LastActive { get; private set; } = now;

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
            _history.Add(activity);
            if (_history.Count > options.MaxActivitiesPerConversation)
            {
                _history.RemoveAt(0);
                _dropped++;
            }

            Push(new ActivitySet([activity], (sequence + 1).ToString(CultureInfo.InvariantCulture)));
            return activity.Id;
        }
    }

    /// <summary>The activities after <paramref name="watermark"/> and the new watermark.</summary>
    public ActivitySet Since(int watermark)
    {
        lock (_gate)
        {
            var start = Math.Max(watermark, _dropped) - _dropped;
            var activities = start >= _history.Count ? [] : _history.GetRange(start, _history.Count - start);
            return new ActivitySet(activities, (_dropped + _history.Count).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Registers the conversation's one socket, queueing what it has not seen; null when another is already connected.</summary>
    public ChannelReader<string>? Subscribe(int? watermark)
    {
        lock (_gate)
        {
            if (_subscriber is not null)
            {
                return null;
            }

            _subscriber = Channel.CreateBounded<string>(new BoundedChannelOptions(options.SocketBufferFrames) { FullMode = BoundedChannelFullMode.Wait });
            // A first connection (no watermark) gets the whole conversation: the bot's welcome is usually written
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

    private void Push(ActivitySet set)
    {
        // A client that does not read its socket is cut off rather than buffered for: it reconnects from its watermark.
        if (_subscriber is { } subscriber && !subscriber.Writer.TryWrite(JsonSerializer.Serialize(set, BotJson.Options)))
        {
            subscriber.Writer.TryComplete(new InvalidOperationException("the WebSocket client is not keeping up"));
            _subscriber = null;
        }
    }
}
