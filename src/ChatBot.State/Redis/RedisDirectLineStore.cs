using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChatBot.State.Redis;

/// <summary>
/// The built-in Direct Line's conversations in Redis (<see cref="DirectLineScripts"/>), so one started on any instance
/// continues on any other. Each new activity is published on the conversation's channel; the instance holding its
/// WebSocket is subscribed and pushes it on. A conversation ends when idle past <see cref="DirectLineOptions.IdleExpiry"/>
/// (its keys expire); what all conversations hold together is bounded by Redis's <c>maxmemory</c>, every key here
/// having an expiry (see the README's Deploy section). When the connection to Redis fails, the sockets held here are
/// closed, because pushes published meanwhile are lost: clients reconnect and catch up from their watermarks.
/// </summary>
public sealed partial class RedisDirectLineStore : IDirectLineStore, IDisposable
{
    private readonly RedisConnection _redis;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisDirectLineStore> _logger;
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private int _watchingConnection;

    public RedisDirectLineStore(RedisConnection redis, DirectLineOptions options, TimeProvider time, ILogger<RedisDirectLineStore> logger)
    {
        _redis = redis;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Counting conversations in Redis takes a round trip, which a gauge must not make.</summary>
    public int? Count => null;

    public async ValueTask<DirectLineChat> CreateAsync(string userId, CancellationToken cancellationToken)
    {
        var chat = new DirectLineChat(Guid.NewGuid().ToString("N"), userId);
        var hash = Hash(chat.Id);
        var batch = _redis.Database.CreateTransaction();
        _ = batch.HashSetAsync(hash, [new HashEntry("user", userId), new HashEntry("seq", 0), new HashEntry("bytes", 0)]);
        _ = batch.KeyExpireAsync(hash, _options.IdleExpiry);
        await batch.ExecuteAsync().ConfigureAwait(false);
        return chat;
    }

    public async ValueTask<DirectLineChat?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (!IsOurId(conversationId))
        {
            return null;
        }

        var user = await _redis.Database.HashGetAsync(Hash(conversationId), "user").ConfigureAwait(false);
        return user.IsNull ? null : new DirectLineChat(conversationId, user.ToString());
    }

    public async ValueTask<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken) =>
        (long)await _redis.Database.ScriptEvaluateAsync(DirectLineScripts.Start, new { hash = Hash(conversationId) }).ConfigureAwait(false) == 1;

    public async ValueTask<string?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Timestamp ??= _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        if (activity.Type == ActivityTypes.Typing)
        {
            // As in Direct Line, typing goes to the socket only and takes no watermark.
            activity.Id ??= $"{conversationId}|typing-{Guid.NewGuid():N}";
            var frame = JsonSerializer.Serialize(new ActivitySet([activity], null), BotJson.Options);
            await _redis.Subscriber.PublishAsync(Channel(conversationId), "-\n" + frame).ConfigureAwait(false);
            return activity.Id;
        }

        activity.Id = null;
        var result = await _redis.Database.ScriptEvaluateAsync(DirectLineScripts.Append, new
        {
            hash = Hash(conversationId),
            log = Log(conversationId),
            activity = JsonSerializer.Serialize(activity, BotJson.Options),
            conversation = conversationId,
            maxActivities = _options.MaxActivitiesPerConversation,
            maxBytes = _options.MaxHistoryBytesPerConversation,
            idleMs = (long)_options.IdleExpiry.TotalMilliseconds,
            channel = Channel(conversationId).ToString(),
        }).ConfigureAwait(false);
        activity.Id = result.IsNull ? null : result.ToString();
        return activity.Id;
    }

    public async ValueTask<ActivitySet> SinceAsync(string conversationId, int watermark, CancellationToken cancellationToken)
    {
        var result = await _redis.Database.ScriptEvaluateAsync(DirectLineScripts.Since, new
        {
            hash = Hash(conversationId),
            log = Log(conversationId),
            watermark,
            max = _options.MaxActivitiesPerRead,
        }).ConfigureAwait(false);
        if (result.IsNull)
        {
            return new ActivitySet([], watermark.ToString(CultureInfo.InvariantCulture));
        }

        var values = (RedisResult[])result!;
        var activities = values.Skip(1).Select(v => JsonSerializer.Deserialize<Activity>(v.ToString(), BotJson.Options)!).ToList();
        return new ActivitySet(activities, values[0].ToString());
    }

    public async ValueTask<ChannelReader<string>?> SubscribeAsync(string conversationId, int? watermark, CancellationToken cancellationToken)
    {
        WatchConnection();
        var subscription = new Subscription(conversationId, _options.SocketBufferFrames);
        if (!_subscriptions.TryAdd(conversationId, subscription))
        {
            return null;
        }

        try
        {
            // Subscribed before the backlog is read, so nothing falls between the two; what both carry is skipped.
            var queue = await _redis.Subscriber.SubscribeAsync(Channel(conversationId)).ConfigureAwait(false);
            subscription.Attach(queue);
            var backlog = await SinceAsync(conversationId, watermark ?? 0, cancellationToken).ConfigureAwait(false);
            if (await FindAsync(conversationId, cancellationToken).ConfigureAwait(false) is null)
            {
                Unsubscribe(conversationId, subscription.Reader);
                return null;
            }

            subscription.Start(backlog, () => Unsubscribe(conversationId, subscription.Reader));
            return subscription.Reader;
        }
        catch
        {
            Unsubscribe(conversationId, subscription.Reader);
            throw;
        }
    }

    public void Unsubscribe(string conversationId, ChannelReader<string> frames)
    {
        if (_subscriptions.TryGetValue(conversationId, out var subscription) && subscription.Reader == frames
            && _subscriptions.TryRemove(new KeyValuePair<string, Subscription>(conversationId, subscription)))
        {
            subscription.End(null);
        }
    }

    public void Dispose()
    {
        if (Volatile.Read(ref _watchingConnection) == 1)
        {
            _redis.Multiplexer.ConnectionFailed -= OnConnectionFailed;
        }

        foreach (var subscription in _subscriptions.Values)
        {
            subscription.End(null);
        }
    }

    private void WatchConnection()
    {
        if (Interlocked.Exchange(ref _watchingConnection, 1) == 0)
        {
            _redis.Multiplexer.ConnectionFailed += OnConnectionFailed;
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionFailed(_logger, _subscriptions.Count, e.FailureType.ToString());
        foreach (var (id, subscription) in _subscriptions)
        {
            if (_subscriptions.TryRemove(new KeyValuePair<string, Subscription>(id, subscription)))
            {
                subscription.End(new SocketClosedException(WebSocketCloseStatus.EndpointUnavailable, "conversation store unavailable"));
            }
        }
    }

    /// <summary>Conversation ids are the server's own (32 hex digits), so a caller's id never names another key.</summary>
    private static bool IsOurId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    // The conversation id in braces is the key's hash tag: both keys of a conversation live on one Redis Cluster shard.
    private RedisKey Hash(string id) => $"{_redis.Prefix}dl:{{{id}}}";

    private RedisKey Log(string id) => $"{_redis.Prefix}dl:{{{id}}}:log";

    private RedisChannel Channel(string id) => RedisChannel.Literal($"{_redis.Prefix}dl:push:{id}");

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Lost the connection to Redis ({Failure}); closed {Sockets} Direct Line sockets so their clients catch up on reconnecting")]
    private static partial void LogConnectionFailed(ILogger logger, int sockets, string failure);
}
