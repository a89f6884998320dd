using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.DirectLine;
using ChatBot.State.Redis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Server.Tests.State;

/// <summary>One real redis-server for the tests of a class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (RedisServer.Missing is null)
        {
            Server = await RedisServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>The running server; skips the test, saying why, where redis-server is not installed.</summary>
    public RedisServer Require()
    {
        Skip.If(RedisServer.Missing is not null, RedisServer.Missing);
        return Server!;
    }
}

/// <summary>The Redis stores, against a real redis-server, each test in a key space of its own.</summary>
public sealed class RedisStateStoreTests(RedisFixture redis) : StateStoreContract, IClassFixture<RedisFixture>, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    protected override Task<StateStores> CreateAsync(DirectLineOptions directLine, ConversationOptions conversation)
    {
        var server = redis.Require();
        var options = new RedisStateOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12] };
        var connection = new RedisConnection(server.ConnectionString, options);
        var cache = new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = connection.Prefix,
            ConnectionMultiplexerFactory = () => Task.FromResult(connection.Multiplexer),
        }));
        var directLineStore = new RedisDirectLineStore(connection, directLine, TimeProvider.System, NullLogger<RedisDirectLineStore>.Instance);
        _owned.AddRange([directLineStore, cache, connection]);
        return Task.FromResult(new StateStores(
            directLineStore,
            new RedisConversationMemory(cache, conversation),
            new RedisFeedbackStore(connection, cache, options, TimeProvider.System),
            new RedisRateLimiterFactory(connection)));
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
