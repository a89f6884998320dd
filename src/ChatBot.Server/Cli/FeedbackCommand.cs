using System.Globalization;
using ChatBot.BotFramework.Feedback;

namespace ChatBot.Server.Cli;

/// <summary><c>feedback export [--format jsonl|csv] [--since DATE] [--out FILE]</c>: writes what users rated, with the
/// question, the answer and its citations. The ratings are read from the shared store (<c>ConnectionStrings:Redis</c>),
/// where every instance keeps them; without it they live only in the memory of the server that received them.</summary>
internal static class FeedbackCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? Option(string name) => args.ToList().IndexOf(name) is var i and >= 0 && i + 1 < args.Count ? args[i + 1] : null;
        if (args.Count == 0 || args[0] != "export")
        {
            await Console.Error.WriteLineAsync("Usage: feedback export [--format jsonl|csv] [--since 2026-12-01] [--out file]");
            return 2;
        }

        var format = (Option("--format") ?? "jsonl").ToLowerInvariant();
        if (!FeedbackExport.Formats.Contains(format))
        {
            await Console.Error.WriteLineAsync($"--format must be one of: {string.Join(", ", FeedbackExport.Formats)}.");
            return 2;
        }

        DateTimeOffset? since = null;
        if (Option("--since") is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await Console.Error.WriteLineAsync($"--since needs a date or time (e.g. 2026-12-01 or 2026-12-01T08:00:00Z), not '{sinceText}'.");
                return 2;
            }

            since = parsed;
        }

        var store = services.GetRequiredService<IFeedbackStore>();
        if (store is FeedbackStore)
        {
            await Console.Error.WriteLineAsync(
                "Feedback is kept in the memory of the server that received it. Set ConnectionStrings:Redis (the store the instances share) to export it from here.");
            return 3;
        }

        var path = Option("--out");
        await using var file = path is null ? null : new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        var output = file ?? Console.Out;
        var count = await FeedbackExport.WriteAsync(store.ReadAsync(since, cancellationToken), format, output, cancellationToken);
        await output.FlushAsync(cancellationToken);
        await Console.Error.WriteLineAsync($"{count} ratings exported{(path is null ? string.Empty : " to " + Path.GetFullPath(path))}.");
        return 0;
    }
}
