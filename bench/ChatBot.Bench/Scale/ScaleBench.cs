using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Index.Qdrant;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using ChatBot.QdrantDouble;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Bench.Scale;

/// <summary>
/// <c>--scale 1000,10000,100000</c>: for each size, the embedded store (ingestion into it, snapshot size, start to the
/// first answer from the snapshot, hybrid query latency, recall@5 against exact search when its search is approximate,
/// peak RSS of a process serving it) and the Qdrant store against the test double (ingestion and the client's own share
/// of a query). Ends with the targets' lines.
/// </summary>
internal static class ScaleBench
{
    private const int Queries = 300;

    public static async Task<int> RunAsync(BenchOptions options, IReadOnlyList<int> sizes)
    {
        Console.WriteLine($"ChatBot scale benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        using var work = new TempDirectory();
        using var model = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        var pool = await ScaleCorpus.LoadPoolAsync(options.Root, model);
        var questions = await Bench.QuestionsAsync(options.Root);
        var questionsFile = Path.Combine(work.Path, "questions.txt");
        await File.WriteAllLinesAsync(questionsFile, questions);
        Console.WriteLine($"pool: {pool.Sentences.Count} real sentences; {questions.Count} questions; end to end ingestion {await EndToEndAsync(pool, model, work.Path):F0} passages/s (files → passages → MiniLM → embedded store, 1,000 passages)");
        Console.WriteLine();
        Console.WriteLine("| passages | store | ingestion (store side) | snapshot | ready from snapshot | query p50 | p95 | p99 | recall@5 | peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");

        var met = true;
        foreach (var size in sizes)
        {
            var changes = ScaleCorpus.Build(pool, size);
            var snapshot = Path.Combine(work.Path, $"scale-{size}.snapshot");
            var ingestion = await IngestAsync(new EmbeddedPassageStore(snapshot, NullLogger<EmbeddedPassageStore>.Instance), changes, size);
            var approximate = await WorkerAsync(snapshot, questionsFile, exact: false);
            var exact = await WorkerAsync(snapshot, questionsFile, exact: true);
            var recall = Recall(approximate.Top, exact.Top);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | embedded | {ingestion:F0}/s | {new FileInfo(snapshot).Length / 1048576.0:F0} MB | {approximate.ReadySeconds:F2} s | {approximate.P50:F2} ms | {approximate.P95:F2} ms | {approximate.P99:F2} ms | {recall:F3} | {approximate.PeakMegabytes:F0} MB |"));
            File.Delete(snapshot);

            var (qdrantIngestion, clientSide) = await QdrantAsync(changes, questions, model);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | Qdrant (double; client side only) | {qdrantIngestion:F0}/s | – | – | {clientSide.P50:F2} ms | {clientSide.P95:F2} ms | {clientSide.P99:F2} ms | (server's) | – |"));

            if (size >= 100_000)
            {
                met &= Bench.Check($"{size:N0} passages: p50 {approximate.P50:F2} ms <= 20, p95 {approximate.P95:F2} ms <= 40, recall@5 {recall:F3} >= 0.98, ready {approximate.ReadySeconds:F2} s <= 5, peak RSS {approximate.PeakMegabytes:F0} MB <= 1200",
                    approximate.P50 <= 20 && approximate.P95 <= 40 && recall >= 0.98 && approximate.ReadySeconds <= 5 && approximate.PeakMegabytes <= 1200);
            }
        }

        return met ? 0 : 1;
    }

    private static async Task<double> IngestAsync(EmbeddedPassageStore store, IndexChanges changes, int size)
    {
        using (store)
        {
            var clock = Stopwatch.StartNew();
            await store.ApplyAsync(changes);
            return size / clock.Elapsed.TotalSeconds;
        }
    }

    /// <summary>The share of the exact search's top passages the served search also returns.</summary>
    private static double Recall(List<List<string>> served, List<List<string>> exact) =>
        served.Zip(exact).Sum(p => p.Second.Count == 0 ? 1.0 : p.Second.Intersect(p.First).Count() / (double)p.Second.Count) / Math.Max(1, exact.Count);

    private static async Task<ScaleWorker.Result> WorkerAsync(string snapshot, string questionsFile, bool exact)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ChatBot.Bench.dll"), ScaleWorker.Flag, snapshot, questionsFile, Queries.ToString(CultureInfo.InvariantCulture), exact ? "exact" : "served" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? JsonSerializer.Deserialize<ScaleWorker.Result>(output.Trim().Split('\n')[^1])!
            : throw new InvalidOperationException($"The scale worker failed: {output}");
    }

    private static async Task<(double Ingestion, Stats ClientSide)> QdrantAsync(IndexChanges changes, IReadOnlyList<string> questions, MiniLmEmbeddingGenerator model)
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        var options = new QdrantStoreOptions { Endpoint = qdrant.Endpoint.ToString(), Collection = "scale" };
        using var store = new QdrantPassageStore(QdrantPassageStore.CreateClient(options), options, TimeProvider.System, NullLogger<QdrantPassageStore>.Instance);
        var passages = changes.Upserts.Sum(u => u.Passages.Count);
        var clock = Stopwatch.StartNew();
        await store.ApplyAsync(changes);
        var ingestion = passages / clock.Elapsed.TotalSeconds;

        var queries = new List<HybridQuery>();
        foreach (var question in questions)
        {
            queries.Add(new HybridQuery(await model.GenerateVectorAsync(question), question, 5));
        }

        var samples = new List<double>();
        for (var i = 0; i < Queries + 50; i++)
        {
            var handled = qdrant.HandlingTime;
            clock.Restart();
            await store.SearchAsync(queries[i % queries.Count]);
            if (i >= 50)
            {
                samples.Add((clock.Elapsed - (qdrant.HandlingTime - handled)).TotalMilliseconds);
            }
        }

        return (ingestion, Stats.Of(samples));
    }

    /// <summary>Documents made of the pool's sentences written as text files and ingested the way the server does.</summary>
    private static async Task<double> EndToEndAsync(ScaleCorpus.Pool pool, IEmbeddingGenerator<string, Embedding<float>> model, string work)
    {
        var folder = Path.Combine(work, "end-to-end");
        Directory.CreateDirectory(folder);
        foreach (var upsert in ScaleCorpus.Build(pool, 1000).Upserts)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, upsert.Document.Id), string.Join("\n\n", upsert.Passages.Select(p => p.Passage.Text)));
        }

        using var store = new EmbeddedPassageStore(Path.Combine(work, "end-to-end.snapshot"), NullLogger<EmbeddedPassageStore>.Instance);
        var report = await new Ingestor(new PassageChunker(new PassageOptions()), model, store, NullLogger<Ingestor>.Instance)
            .IngestAsync(await CorpusLoader.LoadAsync(folder), rebuild: true);
        return report.Passages / report.Elapsed.TotalSeconds;
    }
}
