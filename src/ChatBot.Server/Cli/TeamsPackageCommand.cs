using ChatBot.Knowledge;
using ChatBot.Knowledge.Corpus;
using ChatBot.Server.Teams;

namespace ChatBot.Server.Cli;

/// <summary><c>teams-package --app-id GUID --host HOST [--out app.zip] [--name NAME]</c>: writes the Teams app package
/// for the bot registered as <c>--app-id</c> and served at <c>--host</c>, its commands the corpus's example questions.</summary>
internal static class TeamsPackageCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? Option(string name) => args.ToList().IndexOf(name) is var i and >= 0 && i + 1 < args.Count ? args[i + 1] : null;
        if (!Guid.TryParse(Option("--app-id"), out var appId))
        {
            await Console.Error.WriteLineAsync("--app-id needs the bot's app id, a GUID (the Azure Bot's Microsoft App ID, or its managed identity's client id).");
            return 2;
        }

        var host = Option("--host");
        if (host is null || !TeamsAppPackage.IsHostName(host))
        {
            await Console.Error.WriteLineAsync("--host needs the host name the bot is served at, without scheme or path (e.g. chatbot.example.com).");
            return 2;
        }

        var corpus = await CorpusManifest.LoadAsync(services.GetRequiredService<KnowledgePaths>().CorpusFolder, cancellationToken);
        var output = Path.GetFullPath(Option("--out") ?? "chatbot-teams.zip");
        await TeamsAppPackage.WriteAsync(output, TeamsAppPackage.Manifest(appId, host, Option("--name") ?? "ChatBot", corpus), cancellationToken);
        Console.WriteLine($"Wrote {output}: upload it in Teams (Apps → Manage your apps → Upload an app).");
        return 0;
    }
}
