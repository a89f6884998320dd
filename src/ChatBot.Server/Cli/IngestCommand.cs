using ChatBot.Answering;
using ChatBot.Knowledge;
using ChatBot.Knowledge.Index;

namespace ChatBot.Server.Cli;

/// <summary><c>ingest [--rebuild]</c>: brings the index in line with the corpus and says what changed.</summary>
internal static class IngestCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var rebuild = args.Contains("--rebuild");
        var paths = services.GetRequiredService<KnowledgePaths>();
        Console.WriteLine($"Corpus: {paths.CorpusFolder}");
        Console.WriteLine($"Index:  {services.GetRequiredService<IPassageStore>().Description}");
        var report = await services.GetRequiredService<KnowledgeInitializer>()
            .InitializeAsync(rebuild, new TerminalProgress(), cancellationToken);
        if (report.NoChange)
        {
            Console.WriteLine($"Nothing to do: the index is up to date with the corpus ({report.Documents} documents).");
        }
        else
        {
            Console.WriteLine(
                $"{(report.Rebuilt ? "Rebuilt" : "Updated")} the index from {report.Documents} documents " +
                $"({report.Added} added, {report.Changed} changed, {report.Removed} removed, {report.Unchanged} unchanged): " +
                $"{report.Passages} passages, {report.Sentences} sentences embedded in {report.Elapsed.TotalSeconds:F1} s.");
        }

        return 0;
    }
}
