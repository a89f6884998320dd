using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Hosting;
using ChatBot.Server.Api;

namespace ChatBot.Server.Hosting;

/// <summary>Builds the web application: configuration from the one <c>appsettings.json</c>, the knowledge and answering
/// services, and the HTTP endpoints.</summary>
public static class ChatBotApp
{
    public const string DefaultUrl = "http://localhost:3978";

    /// <param name="quiet">For command-line verbs: log warnings and errors only, so the output is the command's own.</param>
    /// <param name="overrides">Last word on the services, for hosts that embed the app (tests replace a store with one
    /// that fails).</param>
    public static WebApplication Build(string[] args, bool quiet = false, Action<IServiceCollection>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        var contentRoot = explicitRoot ? null : ContentRoot.Locate();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot,
            WebRootPath = WebRoot.Locate(contentRoot ?? Directory.GetCurrentDirectory()),
        });

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (quiet)
        {
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddKnowledge(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddAnswering(builder.Configuration);
        builder.Services.AddBotFramework(builder.Configuration);
        builder.Services.AddSharedState(builder.Configuration, HealthApi.Ready);
        builder.Services.AddSingleton<ServeSession>();
        builder.Services.AddHealth(builder.Configuration);
        builder.Services.AddChatBotTelemetry(builder.Configuration);
        builder.Services.AddHostedService<KnowledgeWarmup>();
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHealth();
        app.MapAskApi();
        app.MapAboutApi();
        app.MapBotMessages();
        if (app.Services.GetRequiredService<DirectLineOptions>().Enabled)
        {
            app.UseWebSockets();
            app.MapDirectLine();
        }
        return app;
    }
}
