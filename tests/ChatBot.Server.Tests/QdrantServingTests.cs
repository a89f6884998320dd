using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Answering;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Qdrant;
using ChatBot.QdrantDouble;
using ChatBot.Server.Hosting;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Server.Tests;

/// <summary>The server with <c>VectorStore:Provider=Qdrant</c>, against the Qdrant test double on loopback: the same
/// answers as the embedded default, an outage reported on /readyz and as 503 until Qdrant is back, and an
/// incompatible collection stopping start-up with the reason.</summary>
public sealed class QdrantServingTests(ReadyServerFixture embedded) : IClassFixture<ReadyServerFixture>, IDisposable
{
    private readonly TempFolder _data = new();
    private readonly string _collection = "chatbot-serving-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _data.Dispose();

    private IEnumerable<string> QdrantSettings(Uri endpoint) =>
    [
        "VectorStore:Provider=Qdrant",
        $"VectorStore:Qdrant:Endpoint={endpoint}",
        $"VectorStore:Qdrant:Collection={_collection}",
        "VectorStore:Qdrant:MaxAttempts=2",
        "VectorStore:Qdrant:RetryDelay=00:00:00.010",
        "VectorStore:ReconnectDelay=00:00:00.100",
        "VectorStore:MaxReconnectDelay=00:00:00.200",
    ];

    [Fact]
    public async Task Ask_WithQdrant_AnswersExactlyAsTheEmbeddedStore()
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await using var host = await ServerHost.StartAsync(_data.File("unused.snapshot"), QdrantSettings(qdrant.Endpoint));
        var (ready, body) = await host.WaitUntilReadyAsync();
        Assert.True(ready, body?.ToJsonString());
        Assert.IsType<QdrantPassageStore>(host.Services.GetRequiredService<IPassageStore>());
        Assert.False(File.Exists(_data.File("unused.snapshot")));

        foreach (var line in RepositoryPaths.SharedDevSetIfPresent().Concat(File.ReadLines(RepositoryPaths.QuestionSet).Take(60)))
        {
            var question = JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!;
            var expected = await AskAsync(embedded.Host.Client, question);
            var actual = await AskAsync(host.Client, question);

            Assert.Equal(expected["answer"]!.GetValue<string>(), actual["answer"]!.GetValue<string>());
            Assert.Equal(
                expected["citations"]!.AsArray().Select(c => c!["passageId"]!.GetValue<string>()),
                actual["citations"]!.AsArray().Select(c => c!["passageId"]!.GetValue<string>()));
        }

        // Created once at the first start and never again, however many questions.
        Assert.Equal(1, qdrant.Calls["qdrant.Collections/Create"]);
        Assert.False(qdrant.Calls.ContainsKey("qdrant.Collections/Delete"));
        Assert.Equal(8, qdrant.PointCount(_collection));
    }

    [Fact]
    public async Task Start_QdrantDown_AliveNotReadyAnd503_ThenRecoversWhenItComesUp()
    {
        var port = LoopbackPort.Free();
        await using var host = await ServerHost.StartAsync(_data.File("unused.snapshot"), QdrantSettings(new Uri($"http://127.0.0.1:{port}")));

        var readiness = await WaitForStatusAsync(host, "store unavailable");
        Assert.Equal("store unavailable", readiness["status"]!.GetValue<string>());
        Assert.Equal("qdrant", readiness["store"]!.GetValue<string>());
        Assert.DoesNotContain("127.0.0.1", readiness.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_collection, readiness.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        using var refused = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "When was the ceasefire signed?" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("Knowledge base unavailable", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var qdrant = await QdrantDoubleServer.StartAsync(port);
        var (ready, body) = await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        Assert.True(ready, body?.ToJsonString());
        Assert.Contains("November 10, 2020", (await AskAsync(host.Client, "When was the ceasefire signed?"))["answer"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serving_QdrantGoesDown_QuestionsGet503_AndServiceRecovers()
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await using var host = await ServerHost.StartAsync(_data.File("unused.snapshot"), QdrantSettings(qdrant.Endpoint));
        Assert.True((await host.WaitUntilReadyAsync()).Ready);
        var writes = qdrant.WriteCalls;

        qdrant.Down = true;
        using var failed = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "Who brokered the ceasefire?" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("store unavailable", (await WaitForStatusAsync(host, "store unavailable"))["status"]!.GetValue<string>(), StringComparison.Ordinal);

        qdrant.Down = false;
        Assert.True((await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(30))).Ready);
        Assert.Contains("Russia", (await AskAsync(host.Client, "Who brokered the ceasefire?"))["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(writes, qdrant.WriteCalls);
    }

    [Fact]
    public async Task Serving_CollectionDeleted_IsRecreatedFromTheCorpus()
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await using var host = await ServerHost.StartAsync(_data.File("unused.snapshot"), QdrantSettings(qdrant.Endpoint));
        Assert.True((await host.WaitUntilReadyAsync()).Ready);
        var options = new QdrantStoreOptions { Endpoint = qdrant.Endpoint.ToString(), Collection = _collection };
        using (var client = QdrantPassageStore.CreateClient(options))
        {
            await client.DeleteCollectionAsync(_collection);
        }

        using var failed = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "Who brokered the ceasefire?" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.True((await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(30))).Ready);

        Assert.Equal(8, qdrant.PointCount(_collection));
        Assert.Contains("Russia", (await AskAsync(host.Client, "Who brokered the ceasefire?"))["answer"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CollectionOfAnotherModel_StopsNamingBoth_AndRebuildReplacesIt()
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await CreateCollectionOfAnotherModelAsync(qdrant);

        await using (var host = await ServerHost.StartAsync(_data.File("unused.snapshot"), QdrantSettings(qdrant.Endpoint)))
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(KnowledgeWarmup.IncompatibleIndexExitCode, host.Services.GetRequiredService<ServeSession>().ExitCode);
            var status = host.Services.GetRequiredService<KnowledgeReadiness>().Status;
            Assert.Contains("32-d vectors of 'other/model'", status, StringComparison.Ordinal);
            Assert.Contains("'sentence-transformers/all-MiniLM-L6-v2' (384-d)", status, StringComparison.Ordinal);
        }

        await using var rebuilt = await ServerHost.StartAsync(
            _data.File("unused.snapshot"), services => services.AddSingleton(new ServeSession { Rebuild = true }), QdrantSettings(qdrant.Endpoint));
        Assert.True((await rebuilt.WaitUntilReadyAsync()).Ready);
        Assert.Equal(8, qdrant.PointCount(_collection));
    }

    [Fact]
    public async Task Serve_CollectionOfAnotherModel_ProcessExitsWithTheReason()
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await CreateCollectionOfAnotherModelAsync(qdrant);

        var (exit, text) = await CliProcess.RunAsync(QdrantSettings(qdrant.Endpoint).Append("urls=http://127.0.0.1:0").Select(s => "--" + s));

        Assert.Equal(KnowledgeWarmup.IncompatibleIndexExitCode, exit);
        Assert.Contains("32-d vectors of 'other/model'", text, StringComparison.Ordinal);
        Assert.Contains("--rebuild", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_CollectionOfAnotherModel_RefusedThenRebuiltThenNothingToDo()
    {
        await using var qdrant = await QdrantDoubleServer.StartAsync();
        await CreateCollectionOfAnotherModelAsync(qdrant);
        string[] settings = [.. QdrantSettings(qdrant.Endpoint).Select(s => "--" + s)];

        var refused = await CliProcess.RunAsync(["ingest", .. settings]);
        var rebuilt = await CliProcess.RunAsync(["ingest", "--rebuild", .. settings]);
        var again = await CliProcess.RunAsync(["ingest", .. settings]);

        Assert.Equal(KnowledgeWarmup.IncompatibleIndexExitCode, refused.Exit);
        Assert.Contains("32-d vectors of 'other/model'", refused.Output, StringComparison.Ordinal);
        Assert.Equal(0, rebuilt.Exit);
        Assert.Contains($"Index:  Qdrant collection '{_collection}'", rebuilt.Output, StringComparison.Ordinal);
        Assert.Contains("Rebuilt the index", rebuilt.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.Exit);
        Assert.Contains("Nothing to do", again.Output, StringComparison.Ordinal);
        Assert.Equal(8, qdrant.PointCount(_collection));
    }

    private async Task CreateCollectionOfAnotherModelAsync(QdrantDoubleServer qdrant)
    {
        var options = new QdrantStoreOptions { Endpoint = qdrant.Endpoint.ToString(), Collection = _collection };
        using var other = new QdrantPassageStore(QdrantPassageStore.CreateClient(options), options, TimeProvider.System, NullLogger<QdrantPassageStore>.Instance);
        await other.ApplyAsync(new IndexChanges("other/model", 32, false, [], []));
    }

    private static async Task<JsonNode> AskAsync(HttpClient client, string question)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>Waits, while /readyz keeps answering 503, until its status says <paramref name="expected"/>; returns its body.</summary>
    private static async Task<JsonNode> WaitForStatusAsync(ServerHost host, string expected)
    {
        var (_, body) = await host.PollReadinessAsync((code, body) =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
            return body!["status"]!.GetValue<string>().Contains(expected, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30));
        Assert.Contains(expected, body!["status"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Unhealthy", (string?)body["checks"]!["knowledge"]);
        return body;
    }
}
