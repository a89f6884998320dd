using ChatBot.BotFramework;
using ChatBot.BotFramework.Connector;
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
        services.AddOptions<BotFrameworkOptions>()
            .Bind(configuration.GetSection(BotFrameworkOptions.Section))
            .Configure(o => o.MicrosoftAppId ??= configuration["MicrosoftAppId"])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value);
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ConversationRateLimiter>();
        services.AddSingleton<BotTurnProcessor>();
        services.AddSingleton<ServiceUrlPolicy>();
        services.AddHttpClient<ConnectorClient>(client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<TurnDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnDispatcher>());
        return services;
    }
}
