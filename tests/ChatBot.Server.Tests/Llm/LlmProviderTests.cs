using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.Llm;

/// <summary>The Azure OpenAI and Ollama connectors against the stand-in, each in its provider's own wire shape, and the
/// settings refused at start-up.</summary>
public sealed class LlmProviderTests : IAsyncLifetime, IDisposable
{
    private const string Fact = "November 10, 2020";
    private readonly TempFolder _data = new();
    private LlmStandIn _model = null!;

    public async Task InitializeAsync()
    {
        _model = await LlmStandIn.StartAsync();
        _model.Script = (prompt, _) => new Scripted($"The ceasefire was signed on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, Fact)}].");
    }

    [Fact]
    public async Task AzureOpenAI_CallsTheDeploymentWithItsKeyAndVersion()
    {
        var answer = await AskAsync("Llm:Provider=AzureOpenAI", $"Llm:Endpoint={_model.BaseAddress}", "Llm:Model=chat-deployment", "Llm:ApiKey=azure-key");

        Assert.True((bool)answer["aiGenerated"]!);
        var (target, headers, _) = Assert.Single(_model.Requests);
        Assert.StartsWith("/openai/deployments/chat-deployment/chat/completions?api-version=", target, StringComparison.Ordinal);
        Assert.Equal("azure-key", headers["api-key"].ToString());
    }

    [Fact]
    public async Task Ollama_CallsApiChatWithTheModel()
    {
        var answer = await AskAsync("Llm:Provider=Ollama", $"Llm:Endpoint={_model.BaseAddress}", "Llm:Model=llama3.2");

        Assert.True((bool)answer["aiGenerated"]!);
        Assert.Contains(Fact, (string?)answer["answer"], StringComparison.Ordinal);
        var (target, _, body) = Assert.Single(_model.Requests);
        Assert.Equal("/api/chat", target);
        Assert.Equal("llama3.2", (string?)body["model"]);
    }

    [Fact]
    public async Task Cli_Ask_PrintsTheModelsStreamThenTheVerifiedAnswer()
    {
        var (exit, output) = await CliProcess.RunAsync(
        [
            "ask", "When was the ceasefire signed?", $"--VectorStore:Embedded:SnapshotPath={_data.File("cli.snapshot")}",
            "--Llm:Provider=Ollama", $"--Llm:Endpoint={_model.BaseAddress}", "--Llm:Model=llama3.2",
        ]);

        Assert.Equal(0, exit);
        var (_, _, body) = Assert.Single(_model.Requests);
        Assert.True(body["stream"]?.GetValue<bool>());
        Assert.Contains("The ceasefire was signed on November 10, 2020 [", output, StringComparison.Ordinal);
        Assert.Contains("Verified answer:\nThe ceasefire was signed on November 10, 2020. [1]", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("written by a language model", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Llm:Model is required", "Llm:Provider=OpenAI", "Llm:ApiKey=k")]
    [InlineData("Llm:Endpoint is required", "Llm:Provider=AzureOpenAI", "Llm:Model=m", "Llm:ApiKey=k")]
    [InlineData("Llm:ApiKey is required", "Llm:Provider=OpenAI", "Llm:Model=gpt-4o-mini")]
    [InlineData("absolute http or https URL", "Llm:Provider=Ollama", "Llm:Model=m", "Llm:Endpoint=localhost:11434")]
    public async Task Start_InvalidSettings_FailWithTheReason(string reason, params string[] settings)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerHost.StartAsync(_data.File("bad.snapshot"), settings));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private async Task<JsonNode> AskAsync(params string[] settings)
    {
        await using var host = await ServerHost.StartAsync(_data.File("index.snapshot"), settings);
        var (ready, body) = await host.WaitUntilReadyAsync();
        Assert.True(ready, body?.ToJsonString());
        using var response = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "When was the ceasefire signed?" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public async Task DisposeAsync() => await _model.DisposeAsync();

    public void Dispose() => _data.Dispose();
}
