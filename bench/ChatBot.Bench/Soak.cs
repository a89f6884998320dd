using ChatBot.QdrantDouble;

namespace ChatBot.Bench;

/// <summary>
/// The soak (<c>--soak MINUTES</c>): the server as a process on the Qdrant test double, for a few minutes, serving at
/// once 200 conversations over <c>/api/messages</c> (to a loopback channel stand-in), Direct Line visitors over
/// WebSocket and over polling, and <c>/api/ask</c>, while faults are injected: channels that hang, answer 429 and answer
/// 500, Qdrant going down and coming back, and one visitor flooding Direct Line. It prints replies expected and
/// delivered for the healthy conversations (all must be), errors by kind, resident memory and p95 latencies, and exits
/// non-zero when a healthy reply was lost.
/// </summary>
internal static class Soak
{
    public static readonly string[] SampleQuestions =
    [
        "When was the ceasefire signed?", "What are the obstacles to a peace agreement?", "When did Russian peacekeepers start withdrawing?",
        "What did Azerbaijan do in September 2023?", "What does the article recommend?", "What is the weather in Yerevan today?",
    ];

    public static async Task<int> RunAsync(BenchOptions options, TimeSpan duration)
    {
        Console.WriteLine($"ChatBot soak — {duration.TotalMinutes:F1} min, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        using var work = new TempDirectory();
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await using var channel = await SoakChannel.StartAsync();
        await using var server = await ServerProcess.StartAsync(
            options.Root,
            Path.Combine(work.Path, "unused.snapshot"),
            "VectorStore:Provider=Qdrant",
            $"VectorStore:Qdrant:Endpoint={qdrant.Endpoint}",
            "VectorStore:ReconnectDelay=00:00:01",
            "VectorStore:MaxReconnectDelay=00:00:02",
            "BotFramework:SendTimeout=00:00:05",
            "Logging:LogLevel:Default=Warning");
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var run = new SoakRun(client, channel, DateTime.UtcNow + duration);
        var rssAtStart = server.ResidentMegabytes();

        var healthy = Enumerable.Range(0, 200).Select(i => run.MessagesConversationAsync($"healthy-{i}", TimeSpan.FromSeconds(6), counted: true));
        var faulty = SoakChannel.Faults.SelectMany(f => Enumerable.Range(0, 3).Select(i => run.MessagesConversationAsync($"{f}{i}", TimeSpan.FromSeconds(10), counted: false)));
        var sockets = Enumerable.Range(0, 10).Select(_ => run.DirectLineVisitorAsync(webSocket: true));
        var pollers = Enumerable.Range(0, 10).Select(_ => run.DirectLineVisitorAsync(webSocket: false));
        var askers = Enumerable.Range(0, 2).Select(_ => run.AskLoopAsync());
        var outage = Task.Run(async () =>
        {
            await Task.Delay(duration / 4);
            qdrant.Down = true;
            Console.WriteLine($"  {run.Elapsed}: Qdrant test double down");
            await Task.Delay(TimeSpan.FromSeconds(15));
            qdrant.Down = false;
            Console.WriteLine($"  {run.Elapsed}: Qdrant test double back");
        });
        double rssBeforeFlood = 0, rssAfterFlood = 0;
        var flood = Task.Run(async () =>
        {
            await Task.Delay(duration / 2);
            rssBeforeFlood = server.ResidentMegabytes();
            Console.WriteLine($"  {run.Elapsed}: Direct Line flood from one visitor (3 conversations, 30 s)");
            await run.FloodAsync(TimeSpan.FromSeconds(30));
            rssAfterFlood = server.ResidentMegabytes();
        });

        await Task.WhenAll([.. healthy, .. faulty, .. sockets, .. pollers, .. askers, outage, flood]);
        await run.WaitForOutstandingAsync(TimeSpan.FromSeconds(45));

        Console.WriteLine();
        var lost = run.Report();
        Console.WriteLine($"resident memory                   start {rssAtStart:F0} MB, before the flood {rssBeforeFlood:F0} MB, after it {rssAfterFlood:F0} MB ({rssAfterFlood - rssBeforeFlood:+0;-0} MB), peak {server.PeakResidentMegabytes():F0} MB");
        Console.WriteLine($"faulty channels called            {string.Join(", ", channel.FaultCalls.OrderBy(f => f.Key).Select(f => $"{f.Key.TrimEnd('-')} {f.Value}"))}");
        var within = rssAfterFlood - rssBeforeFlood <= 150;
        Console.WriteLine($"  [{(lost == 0 ? "met" : "MISSED")}] every healthy conversation got every reply ({lost} lost)");
        Console.WriteLine($"  [{(within ? "met" : "MISSED")}] the flood left resident memory within +150 MB");
        return lost == 0 && within ? 0 : 1;
    }
}
