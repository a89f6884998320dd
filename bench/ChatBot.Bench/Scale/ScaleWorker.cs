using System.Diagnostics;
using System.Text.Json;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Bench.Scale;

/// <summary>
/// One embedded index served the way the server serves it, in a process of its own so that its memory is its own:
/// the MiniLM model loaded, the snapshot opened, the questions embedded and searched. Prints one JSON line: time to
/// the first answer from the snapshot, query latencies, peak RSS and each query's top passages (for recall).
/// </summary>
internal static class ScaleWorker
{
    public const string Flag = "--scale-worker";

    public sealed record Result(double ReadySeconds, double P50, double P95, double P99, double PeakMegabytes, List<List<string>> Top);

    public static async Task<int> RunAsync(string snapshot, string questionsFile, int queries, bool exact)
    {
        using var model = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        var questions = (await File.ReadAllLinesAsync(questionsFile)).Where(l => l.Length > 0).ToList();
        var vectors = new List<ReadOnlyMemory<float>>();
        foreach (var question in questions)
        {
            vectors.Add(await model.GenerateVectorAsync(question));
        }

        var clock = Stopwatch.StartNew();
        using var store = new EmbeddedPassageStore(snapshot, NullLogger<EmbeddedPassageStore>.Instance, exact ? int.MaxValue : EmbeddedStoreOptions.DefaultApproximateAbove);
        await store.SearchAsync(new HybridQuery(vectors[0], questions[0], 5));
        var ready = clock.Elapsed.TotalSeconds;

        var samples = new List<double>();
        var top = new List<List<string>>();
        for (var i = 0; i < queries + 50; i++)
        {
            var q = i % questions.Count;
            clock.Restart();
            var hits = await store.SearchAsync(new HybridQuery(vectors[q], questions[q], 5));
            if (i >= 50)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (i < questions.Count)
            {
                top.Add([.. hits.Select(h => h.Passage.Passage.Id.ToString())]);
            }
        }

        var stats = Stats.Of(samples);
        var peak = ServerProcess.StatusMegabytes("self", "VmHWM:");
        Console.WriteLine(JsonSerializer.Serialize(new Result(ready, stats.P50, stats.P95, stats.P99, peak, top)));
        return 0;
    }
}
