using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Server.Tests.BotFramework;
using ChatBot.Tests.Shared;
using OpenTelemetry.Trace;

namespace ChatBot.Server.Tests;

/// <summary>The spans of one chat turn, read through OpenTelemetry's in-memory exporter: channel → answer → retrieval
/// → connector send, in one trace, with no user text in any tag.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task OneTurn_IsOneTraceFromTheChannelThroughRetrievalToTheConnector()
    {
        using var data = new TempFolder();
        await using var channel = await TestChannel.StartAsync();
        var spans = new List<Activity>();
        await using var server = await ServerHost.StartAsync(data.File("index.snapshot"),
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        Assert.True((await server.WaitUntilReadyAsync()).Ready);
        const string Question = "When was the ceasefire signed?";
        var activity = channel.Message(Question, "telemetry-conversation");

        using var posted = await server.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity);
        await channel.WaitForAsync(1);
        // Activity listeners are process-wide: other tests' hosts' spans arrive here too, so this turn is found by its conversation.
        // Spans are exported when they end, after the reply may already have arrived.
        var turn = await Eventually.FindAsync(() => Snapshot(spans).SingleOrDefault(s => s.DisplayName == "turn" && s.Source.Name == "ChatBot.BotFramework"
            && (string?)s.GetTagItem("chatbot.conversation") == "telemetry-conversation"), "the turn's span");
        var send = await Eventually.FindAsync(() => Snapshot(spans).FirstOrDefault(s => s.DisplayName == "connector.send" && s.ParentSpanId == turn.SpanId), "the reply's send span");

        var trace = Snapshot(spans).Where(s => s.TraceId == turn.TraceId).ToList();
        var answer = Assert.Single(trace, s => s.DisplayName == "answer" && s.Source.Name == "ChatBot.Answering");
        Assert.Equal(turn.SpanId, answer.ParentSpanId);
        Assert.Contains(trace, s => s.DisplayName == "retrieve" && s.Source.Name == "ChatBot.Retrieval" && s.ParentSpanId == answer.SpanId);
        Assert.Equal(true, answer.GetTagItem("chatbot.grounded"));
        Assert.NotNull(send);
        Assert.DoesNotContain(trace.SelectMany(s => s.TagObjects), t => t.Value is string text && text.Contains("ceasefire", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A copy to read: the exporter adds to the list from other threads.</summary>
    private static List<Activity> Snapshot(List<Activity> spans)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Enumerating, unlike copying, notices a concurrent add and throws instead of tearing.
                return [.. spans.Select(s => s)];
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                // The exporter added a span while this copied; copy again.
            }
        }
    }
}
