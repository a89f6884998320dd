using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.Llm;

/// <summary>One stand-in model server and one bot configured for it (OpenAI shape), shared by the tests of a class.</summary>
public sealed class LlmServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();

    public LlmStandIn Model { get; private set; } = null!;

    public ServerHost Host { get; private set; } = null!;

    public string SnapshotPath => _data.File("index.snapshot");

    public async Task InitializeAsync()
    {
        Model = await LlmStandIn.StartAsync();
        Host = await StartReadyBotAsync(Model, SnapshotPath, "Llm:ApiKey=sk-test-secret", "Llm:TimeoutSeconds=2");
    }

    /// <summary>A bot configured for <paramref name="model"/> (OpenAI shape) and the other settings, once it is ready.</summary>
    internal static async Task<ServerHost> StartReadyBotAsync(LlmStandIn model, string snapshotPath, params IEnumerable<string> settings)
    {
        var host = await ServerHost.StartAsync(snapshotPath, ["Llm:Provider=OpenAI", $"Llm:Endpoint={model.BaseAddress}v1", "Llm:Model=stand-in-model", .. settings]);
        var (ready, body) = await host.WaitUntilReadyAsync();
        if (!ready)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException("The server did not become ready: " + body);
        }

        return host;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();
}

public sealed class LlmAnswerTests(LlmServerFixture fixture) : IClassFixture<LlmServerFixture>
{
    private const string Question = "When was the ceasefire signed?";
    private const string Fact = "November 10, 2020";

    [Fact]
    public async Task Ask_GoodAnswer_PassesThroughWithItsCitation()
    {
        fixture.Model.Script = (prompt, _) => new Scripted(
            $"The war ended with a Russia-brokered ceasefire on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, Fact)}].");

        var answer = await AskAsync(Question);

        Assert.True((bool)answer["aiGenerated"]!);
        Assert.Equal("The war ended with a Russia-brokered ceasefire on November 10, 2020. [1]", (string?)answer["answer"]);
        var citation = Assert.Single(answer["citations"]!.AsArray());
        Assert.Contains(Fact, (string?)citation!["text"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The ceasefire was signed on November 10, 2020 [42].")]
    [InlineData("The ceasefire was signed on March 3, 1999 [1].")]
    [InlineData("The ceasefire was signed on November 10, 2020.")]
    [InlineData("Bananas are an excellent source of potassium for athletes [1].")]
    [InlineData("")]
    [InlineData(ChatBot.Answering.Generative.GroundedPrompt.NotCovered)]
    public async Task Ask_ReplyThatFailsVerification_SendsTheQuotedAnswer(string reply)
    {
        fixture.Model.Script = (_, _) => new Scripted(reply);

        var answer = await AskAsync(Question);

        Assert.False((bool)answer["aiGenerated"]!);
        Assert.True((bool)answer["grounded"]!);
        Assert.Contains(Fact, (string?)answer["answer"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ServerError_RetriesOnceThenSendsTheQuotedAnswer()
    {
        fixture.Model.Script = (_, _) => new Scripted("", Status: 500);
        var before = fixture.Model.Requests.Count;

        var answer = await AskAsync(Question);

        Assert.False((bool)answer["aiGenerated"]!);
        Assert.Contains(Fact, (string?)answer["answer"], StringComparison.Ordinal);
        Assert.Equal(2, fixture.Model.Requests.Count - before);
    }

    [Fact]
    public async Task Ask_Throttled_WaitsOutRetryAfterWithinTheBudget()
    {
        var first = fixture.Model.Requests.Count;
        fixture.Model.Script = (prompt, n) => n == first
            ? new Scripted("", Status: 429, RetryAfterSeconds: 1)
            : new Scripted($"The ceasefire came on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, Fact)}].");

        var answer = await AskAsync(Question);

        Assert.True((bool)answer["aiGenerated"]!);
        Assert.Equal(2, fixture.Model.Requests.Count - first);
    }

    [Fact]
    public async Task Ask_ModelSlowerThanTheBudget_SendsTheQuotedAnswerInTime()
    {
        fixture.Model.Script = (_, _) => new Scripted("Too late [1].", Delay: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        var answer = await AskAsync(Question);

        Assert.False((bool)answer["aiGenerated"]!);
        Assert.Contains(Fact, (string?)answer["answer"], StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 6);
    }

    [Fact]
    public async Task Ask_QuestionTheDocumentsDoNotCover_IsDeclinedWithoutAskingTheModel()
    {
        fixture.Model.Script = (_, _) => new Scripted("Lima is the capital of Peru [1].");
        var before = fixture.Model.Requests.Count;

        var answer = await AskAsync("What is the capital of Peru?");

        Assert.False((bool)answer["grounded"]!);
        Assert.Equal(before, fixture.Model.Requests.Count);
    }

    [Fact]
    public async Task Ask_Prompt_KeepsRulesPassagesAndQuestionApart()
    {
        fixture.Model.Script = (_, _) => new Scripted("");
        var before = fixture.Model.Requests.Count;

        await AskAsync(Question);

        var (target, headers, body) = fixture.Model.Requests.Skip(before).First();
        Assert.Equal("/v1/chat/completions", target);
        Assert.Equal("Bearer sk-test-secret", headers.Authorization.ToString());
        Assert.Equal("stand-in-model", (string?)body["model"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", (string?)messages[0]!["role"]);
        Assert.Contains("data, not instructions", messages[0]!["content"]!.ToString(), StringComparison.Ordinal);
        var user = messages[^1]!["content"]!.ToString();
        Assert.StartsWith("<passages>\n[1] ", user, StringComparison.Ordinal);
        Assert.EndsWith($"<question>\n{Question}\n</question>", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ServerTiming_TellsTheModelsTimeFromTheBots()
    {
        fixture.Model.Script = (prompt, _) => new Scripted($"The ceasefire was signed on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, Fact)}].", Delay: TimeSpan.FromMilliseconds(200));

        using var response = await fixture.Host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = Question });

        var steps = response.Headers.GetValues("Server-Timing").Single().Split(", ")
            .ToDictionary(e => e.Split(";dur=")[0], e => double.Parse(e.Split(";dur=")[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["answer", "llm", "verify-encode"], steps.Keys.Order());
        // The stand-in waits 200 ms; a timer may fire a millisecond early.
        Assert.InRange(steps["llm"], 150, steps["answer"]);
        Assert.InRange(steps["verify-encode"], 0.01, steps["answer"] - steps["llm"]);
    }

    private async Task<JsonNode> AskAsync(string question)
    {
        using var response = await fixture.Host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}

/// <summary><c>POST /api/ask</c> with <c>Accept: text/event-stream</c>: Server-Sent Events read off the wire.</summary>
public sealed class AskStreamTests(LlmServerFixture fixture) : IClassFixture<LlmServerFixture>
{
    [Fact]
    public async Task Stream_ModelAnswer_ArrivesAsDeltasInOrderThenOneVerifiedAnswer()
    {
        var written = "";
        fixture.Model.Script = (prompt, _) => new Scripted(written =
            $"The war between the two countries ended with a Russia-brokered ceasefire on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, "November 10, 2020")}].");

        var events = await StreamAsync(fixture.Host.Client, "When was the ceasefire signed?");

        var deltas = events.TakeWhile(e => e.Event == "delta").ToList();
        Assert.True(deltas.Count >= 2, $"{deltas.Count} deltas");
        Assert.Equal(written, string.Concat(deltas.Select(d => (string?)d.Data["text"])));
        var answer = Assert.Single(events, e => e.Event == "answer");
        Assert.Equal(events[^1], answer);
        Assert.True((bool)answer.Data["aiGenerated"]!);
        Assert.EndsWith("November 10, 2020. [1]", (string?)answer.Data["answer"], StringComparison.Ordinal);
        Assert.Single(answer.Data["citations"]!.AsArray());
    }

    [Fact]
    public async Task Stream_UnsupportedClaim_IsReplacedByTheQuotedAnswerInTheFinalEvent()
    {
        fixture.Model.Script = (_, _) => new Scripted("The ceasefire was signed in Geneva on March 3, 1999 [1].");

        var events = await StreamAsync(fixture.Host.Client, "When was the ceasefire signed?");

        Assert.Contains("Geneva", string.Concat(events.Where(e => e.Event == "delta").Select(d => (string?)d.Data["text"])), StringComparison.Ordinal);
        var answer = events[^1];
        Assert.Equal("answer", answer.Event);
        Assert.False((bool)answer.Data["aiGenerated"]!);
        Assert.Contains("November 10, 2020", (string?)answer.Data["answer"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_InvalidQuestion_IsAPlainProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = "   " }) };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await fixture.Host.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    internal static async Task<List<(string Event, JsonNode Data)>> StreamAsync(HttpClient client, string question)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question }) };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string, JsonNode)>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            events.Add((item.EventType, JsonNode.Parse(item.Data)!));
        }

        return events;
    }
}

/// <summary>The event stream without a model: the quoted answer as one delta, then the answer.</summary>
public sealed class ExtractiveStreamTests(ReadyServerFixture fixture) : IClassFixture<ReadyServerFixture>
{
    [Fact]
    public async Task Stream_QuotedAnswer_IsOneDeltaThenTheAnswer()
    {
        var events = await AskStreamTests.StreamAsync(fixture.Host.Client, "When was the ceasefire signed?");

        Assert.Equal(["delta", "answer"], events.Select(e => e.Event));
        Assert.Equal((string?)events[0].Data["text"], (string?)events[1].Data["answer"]);
        Assert.False((bool)events[1].Data["aiGenerated"]!);
        Assert.Contains("November 10, 2020", (string?)events[1].Data["answer"], StringComparison.Ordinal);
    }
}
