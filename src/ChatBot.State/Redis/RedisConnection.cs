using StackExchange.Redis;

namespace ChatBot.State.Redis;

/// <summary>
/// The one Redis connection all shared state goes through (StackExchange.Redis multiplexes commands and subscriptions
/// over it). It does not wait for Redis at start-up and reconnects by itself, so the bot starts, says on <c>/readyz</c>
/// that Redis is down, and recovers when it is back.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(string connectionString, RedisStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        // Every second rather than backing off to minutes: the bot is not ready while Redis is away, so it should be
        // back as soon as Redis is.
        configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        configuration.ClientName ??= options.KeyPrefix + "-" + Environment.MachineName;
        Prefix = options.KeyPrefix + ":";
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    /// <summary>Starts every key and channel name.</summary>
    public string Prefix { get; }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public IDatabase Database => Multiplexer.GetDatabase();

    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
