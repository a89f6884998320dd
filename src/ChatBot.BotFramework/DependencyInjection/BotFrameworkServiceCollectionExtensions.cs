using ChatBot.BotFramework;
using ChatBot.BotFramework.Authentication;
using ChatBot.BotFramework.Connector;
using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Feedback;
using ChatBot.BotFramework.Hosting;
using ChatBot.BotFramework.Turns;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Bot Framework endpoint's services: turn processing, the connector client and the dispatcher.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<BotFrameworkOptions>(configuration, BotFrameworkOptions.Section);

        // The SDK's setting names live at the root of the configuration.
        services.AddOptions<BotAuthenticationOptions>()
            .Bind(configuration)
            .Validate(o => o.Problem() is null, "Bot Framework credentials are incomplete: check MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value);
        // Both keep caches (signing keys, the bot's token) for the life of the process, so they are singletons over
        // a named client rather than per-use typed clients.
        services.AddHttpClient(IdentityClient, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ChannelTokenValidator>(sp, Identity(sp)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<BotTokenProvider>(sp, Identity(sp)));
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<FeedbackStore>());
        services.AddSingleton<IRateLimiterFactory, LocalRateLimiterFactory>();
        services.AddSingleton<ConversationRateLimiter>();
        services.AddSingleton<BotTurnProcessor>();
        services.AddSingleton<ServiceUrlPolicy>();
        // Each send attempt has its own timeout (BotFramework:SendTimeout, in the resilience pipeline), so the client's is
        // off. A redirect is never followed: the serviceUrl is the only place replies may go.
        services.AddHttpClient<ConnectorClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddConnectorResilience();
        services.AddSingleton<TurnScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnScheduler>());
        services.AddSingleton<TurnDispatcher>();
        services.AddValidatedOptions<DirectLineOptions>(configuration, DirectLineOptions.Section);
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<IDirectLineStore, LocalDirectLineStore>();
        services.AddSingleton(sp =>
        {
            var sockets = ActivatorUtilities.CreateInstance<DirectLineSockets>(sp);
            BotTelemetry.ObserveDirectLine(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<IDirectLineStore>(), sockets);
            return sockets;
        });
        services.AddSingleton<DirectLineBot>();
        services.AddSingleton<DirectLinePostLimiter>();
        services.AddHttpClient<AzureDirectLineTokens>(client => client.Timeout = TimeSpan.FromSeconds(20));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(DirectLineEndpoints.NewConversationPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<DirectLineOptions>().NewConversationsPerMinute;
                return perMinute == 0
                    ? RateLimitPartition.GetNoLimiter("off")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        ClientAddresses.PartitionKey(context.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = RetryAfterHeader.From(rejected.Lease, TimeSpan.FromMinutes(1));
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many new conversations",
                    detail: "This address opened too many conversations in the last minute; try again after the Retry-After delay.")
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
        return services;
    }

    private const string IdentityClient = "ChatBot.BotFramework.Identity";

    private static HttpClient Identity(IServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient(IdentityClient);
}
