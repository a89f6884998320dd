using System.Net;
using System.Net.Http.Json;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests;

/// <summary>How the server comes up from each state of the machine.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempFolder _data = new();

    private string SnapshotPath => _data.File("index.snapshot");

    [Fact]
    public async Task Start_NoSnapshot_IngestsTheCorpusThenReportsReady()
    {
        await using var host = await ServerHost.StartAsync(SnapshotPath);

        var (ready, body) = await host.WaitUntilReadyAsync();

        Assert.True(ready, body?.ToJsonString());
        Assert.True(File.Exists(SnapshotPath));
    }

    [Fact]
    public async Task Start_CurrentSnapshot_ServesItWithoutRewriting()
    {
        await using (var first = await ServerHost.StartAsync(SnapshotPath))
        {
            Assert.True((await first.WaitUntilReadyAsync()).Ready);
        }

        var written = File.GetLastWriteTimeUtc(SnapshotPath);
        await using var second = await ServerHost.StartAsync(SnapshotPath);

        Assert.True((await second.WaitUntilReadyAsync()).Ready);
        Assert.Equal(written, File.GetLastWriteTimeUtc(SnapshotPath));
    }

    [Fact]
    public async Task Start_DamagedSnapshot_RebuildsFromTheCorpus()
    {
        await File.WriteAllTextAsync(SnapshotPath, "CHATBOT-INDEX\ntruncated garbage");
        await using var host = await ServerHost.StartAsync(SnapshotPath);

        var (ready, _) = await host.WaitUntilReadyAsync();

        Assert.True(ready);
        using var response = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "When was the ceasefire signed?" });
        Assert.Contains("November 10, 2020", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CorpusMissing_AliveButNotReadyAndQuestionsGet503()
    {
        await using var host = await ServerHost.StartAsync(SnapshotPath, "Corpus:Path=/nonexistent/corpus");

        var (ready, body) = await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(5));
        using var alive = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ask = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "When?" });

        Assert.False(ready);
        Assert.Equal("failed", body!["status"]!.GetValue<string>());
        Assert.Equal("embedded", body["store"]!.GetValue<string>());
        Assert.DoesNotContain("/nonexistent", body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SnapshotPath, body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/nonexistent", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ask.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
