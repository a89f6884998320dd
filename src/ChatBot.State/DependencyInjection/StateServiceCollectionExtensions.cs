using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Feedback;
using ChatBot.BotFramework.Turns;
using ChatBot.State.Redis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// With <c>ConnectionStrings:Redis</c> set, the state any instance may need — conversation memory, Direct Line
/// conversations, feedback and rate limits — moves to Redis, replacing the in-process stores; without it nothing changes.
/// </summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>The readiness check's name on <c>/readyz</c>.</summary>
    public const string HealthCheckName = "redis";

    /// <summary>True when Redis is configured and the registrations were replaced.</summary>
    public static bool AddSharedState(this IServiceCollection services, IConfiguration configuration, string readinessTag)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(RedisStateOptions.ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        services.AddValidatedOptions<RedisStateOptions>(configuration, RedisStateOptions.Section);
        services.AddOptions<DirectLineOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKey), "DirectLine:SigningKey must be set when ConnectionStrings:Redis is: every instance checks the tokens the others issue, so all must share one key (openssl rand -base64 32).");
        services.AddSingleton(sp => new RedisConnection(connectionString, sp.GetRequiredService<RedisStateOptions>()));
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((cache, redis) =>
        {
            cache.InstanceName = redis.Prefix;
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer);
        });

        services.Replace(ServiceDescriptor.Singleton<IConversationMemory, RedisConversationMemory>());
        services.Replace(ServiceDescriptor.Singleton<IFeedbackStore, RedisFeedbackStore>());
        services.Replace(ServiceDescriptor.Singleton<IRateLimiterFactory, RedisRateLimiterFactory>());
        services.Replace(ServiceDescriptor.Singleton<IDirectLineStore, RedisDirectLineStore>());
        services.AddExceptionHandler<StateUnavailableHandler>();
        services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<RedisConnection>().Multiplexer, HealthCheckName, tags: [readinessTag], timeout: TimeSpan.FromSeconds(3));
        return true;
    }
}
