using System.Diagnostics;
using ChatBot.Knowledge.Embeddings;

namespace ChatBot.Bench;

/// <summary>
/// /api/ask at concurrency 16 against the encoder alone at the same concurrency. The machine is shared and its speed
/// drifts by tens of percent within a minute, so the two are measured in alternating rounds and each summed over its
/// rounds: both see the same moments. <c>--throughput</c> runs only this, for trying a change to the answering path.
/// </summary>
internal static class Throughput
{
    private const int Rounds = 5;
    private const int Concurrency = 16;

    /// <param name="ServerMilliseconds">The server's processor time per question, this client's per question beside it.</param>
    internal sealed record Comparison(Stats Ask, Stats Server, double AskPerSecond, double EncoderPerSecond, double ServerMilliseconds, double ClientMilliseconds)
    {
        public double Ratio => AskPerSecond / EncoderPerSecond;
    }

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var questions = await Bench.QuestionsAsync(options.Root);
        using var work = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(options.Root, Path.Combine(work.Path, "index.snapshot"));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        // The full run reaches this measure with a server warmed by a thousand questions; so does this one.
        await Load.MeasureAsync(client, questions, options.Requests, Concurrency, offset: 300_000, Load.AskOnceAsync, between: null);
        using var generator = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        var comparison = await CompareAsync(server, client, generator, questions, options.Requests);
        Print(comparison);
        return Check(comparison) ? 0 : 1;
    }

    /// <remarks>Each round asks questions of its own (offsets 20,000 apart, warm-up included), so none finds its embedding
    /// cached by the server.</remarks>
    public static async Task<Comparison> CompareAsync(ServerProcess server, HttpClient client, MiniLmEmbeddingGenerator generator, List<string> questions, int requests)
    {
        var perRound = Math.Max(1, requests / Rounds);
        var samples = new List<(double Total, double Server)>();
        double askSeconds = 0, encoderSeconds = 0, serverCpu = 0, clientCpu = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var serverBefore = server.ProcessorTime();
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var ask = await Load.MeasureAsync(client, questions, perRound, Concurrency, offset: 100_000 + (round * 20_000), Load.AskOnceAsync, between: null, warmUp: round == 0 ? 300 : 0);
            if (round > 0)
            {
                // Round 0's processor time includes its one-at-a-time warm-up.
                serverCpu += (server.ProcessorTime() - serverBefore).TotalMilliseconds;
                clientCpu += (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMilliseconds;
            }

            askSeconds += perRound / ask.PerSecond;
            samples.AddRange(ask.Samples);
            var encoder = await Load.EncoderThroughputAsync(generator, questions, perRound, Concurrency, offset: 9_000_000 + (round * perRound), warmUp: round == 0 ? 100 : 0);
            encoderSeconds += perRound / encoder;
        }

        var total = perRound * Rounds;
        var measured = perRound * (Rounds - 1);
        return new Comparison(
            Stats.Of(samples.Select(s => s.Total)), Stats.Of(samples.Select(s => s.Server)), total / askSeconds, total / encoderSeconds, serverCpu / measured, clientCpu / measured);
    }

    public static void Print(Comparison comparison)
    {
        Console.WriteLine($"/api/ask, concurrency 16          {comparison.Ask}   {comparison.AskPerSecond,6:F0} questions/s");
        Console.WriteLine($"  of which answering (server)     {comparison.Server}");
        Console.WriteLine($"query embedding alone, concurrency 16, in alternating rounds with the above   {comparison.EncoderPerSecond,6:F0} questions/s");
        Console.WriteLine($"  processor time per question     server {comparison.ServerMilliseconds:F2} ms, this client {comparison.ClientMilliseconds:F2} ms");
    }

    public static bool Check(Comparison comparison) =>
        Bench.Check($"/api/ask at concurrency 16 {comparison.AskPerSecond:F0} >= 80 % of the encoder's {comparison.EncoderPerSecond:F0} questions/s ({100 * comparison.Ratio:F0} %)", comparison.Ratio >= 0.8);
}
