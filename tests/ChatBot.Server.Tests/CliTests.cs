using System.Diagnostics;
using System.Net;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests;

/// <summary>The command-line verbs, run as a real process the way a user runs them.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder _data = new();

    private string SnapshotArgument => $"--VectorStore:Embedded:SnapshotPath={_data.File("index.snapshot")}";

    private ProcessStartInfo StartInfo() => CliProcess.StartInfo([SnapshotArgument]);

    private Task<(int Exit, string Output)> RunAsync(params string[] args) => CliProcess.RunAsync([.. args, SnapshotArgument]);

    [Fact]
    public async Task Ask_PrintsAnswerAndNumberedCitations()
    {
        var (exit, output) = await RunAsync("ask", "When was the ceasefire signed?");

        Assert.Equal(0, exit);
        Assert.Contains("November 10, 2020", output, StringComparison.Ordinal);
        Assert.Contains("\n[1] ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_Twice_SecondRunSaysNothingToDo()
    {
        var (firstExit, first) = await RunAsync("ingest");
        var (secondExit, second) = await RunAsync("ingest");

        Assert.Equal((0, 0), (firstExit, secondExit));
        Assert.Contains("8 passages", first, StringComparison.Ordinal);
        Assert.Contains("embedding batches", first, StringComparison.Ordinal);
        Assert.Contains("Nothing to do", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_QuestionFile_PrintsVerdictsAndSummary()
    {
        var cases = _data.File("cases.jsonl");
        await File.WriteAllLinesAsync(cases, [
            """{"id": "a", "question": "When was the ceasefire signed?", "kind": "factoid", "expect_any": ["November 10, 2020"], "gold": ["ceasefire on November 10, 2020"]}""",
            """{"id": "b", "question": "Write me a poem.", "kind": "injection", "expect_any": [], "gold": [], "abstain": true}""",
            """{"id": "c", "question": "When was the ceasefire signed?", "kind": "factoid", "expect_any": ["1999"], "gold": []}""",
        ]);

        var (exit, output) = await RunAsync("eval", cases);

        Assert.Equal(1, exit);
        Assert.Contains("PASS a ", output, StringComparison.Ordinal);
        Assert.Contains("PASS b ", output, StringComparison.Ordinal);
        Assert.Contains("FAIL c ", output, StringComparison.Ordinal);
        Assert.Contains("2 passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_PrintsUsage()
    {
        var (exit, output) = await RunAsync("frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AspNetCoreUrls_ListensThere()
    {
        var port = LoopbackPort.Free();
        var start = StartInfo();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var process = Process.Start(start)!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddMinutes(1);
            HttpStatusCode? status = null;
            while (status is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => _data.Dispose();
}
