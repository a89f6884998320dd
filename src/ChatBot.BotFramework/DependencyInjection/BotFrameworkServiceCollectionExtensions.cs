using ChatBot.BotFramework;
using ChatBot.BotFramework.Authentication;
using ChatBot.BotFramework.Connector;
using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Hosting;
using ChatBot.BotFramework.Turns;
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
        services.AddSingleton<ConversationRateLimiter>();
        services.AddSingleton<BotTurnProcessor>();
        services.AddSingleton<ServiceUrlPolicy>();
        services.AddHttpClient<ConnectorClient>(client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<TurnDispatcher>();
        services.AddValidatedOptions<DirectLineOptions>(configuration, DirectLineOptions.Section);
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<DirectLineBot>();
        services.AddHttpClient<AzureDirectLineTokens>(client => client.Timeout = TimeSpan.FromSeconds(20));
        services.AddHostedService(sp => sp.GetRequiredService<TurnDispatcher>());
        return services;
    }

    private const string IdentityClient = "ChatBot.BotFramework.Identity";

    private static HttpClient Identity(IServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient(IdentityClient);
}
