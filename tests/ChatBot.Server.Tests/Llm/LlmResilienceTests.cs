using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace ChatBot.Server.Tests.Llm;

/// <summary>The model's resilience pipeline and health, each test with a bot of its own (the breaker's state is the
/// bot's): a failing model degrades the bot without making it unready, and a model that keeps failing is not called.</summary>
public sealed class LlmResilienceTests : IDisposable
{
    private const string Question = "When was the ceasefire signed?";
    private const string Fact = "November 10, 2020";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ModelFails_AnswerQuotedAndReadyzDegradedWithTheReason_ModelBack_HealthyAgain()
    {
        await using var model = await LlmStandIn.StartAsync();
        await using var host = await LlmServerFixture.StartReadyBotAsync(model, _data.File("index.snapshot"), "Llm:TimeoutSeconds=5");
        model.Script = (_, _) => new Scripted("", StatusCodes.Status500InternalServerError);

        var quoted = await AskAsync(host);

        Assert.False((bool)quoted["aiGenerated"]!);
        Assert.Contains(Fact, (string?)quoted["answer"], StringComparison.Ordinal);
        var (status, body) = await ReadinessAsync(host);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", (string?)body["checks"]!["llm"]);
        Assert.Contains("llm: the model's last call failed (error); answers are quoted", (string?)body["reason"], StringComparison.Ordinal);

        model.Script = (prompt, _) => new Scripted($"The ceasefire was signed on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, Fact)}].");
        Assert.True((bool)(await AskAsync(host))["aiGenerated"]!);
        (status, body) = await ReadinessAsync(host);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", (string?)body["checks"]!["llm"]);
        Assert.Null(body["reason"]);
    }

    [Fact]
    public async Task ModelFailingEveryCall_TheBreakerOpens_LaterQuestionsQuotedWithoutCallingIt()
    {
        await using var model = await LlmStandIn.StartAsync();
        await using var host = await LlmServerFixture.StartReadyBotAsync(model, _data.File("index.snapshot"), "Llm:TimeoutSeconds=5");
        model.Script = (_, _) => new Scripted("", StatusCodes.Status503ServiceUnavailable);

        for (var i = 0; i < 3; i++)
        {
            Assert.False((bool)(await AskAsync(host))["aiGenerated"]!);
        }

        var calls = model.Requests.Count;
        for (var i = 0; i < 5; i++)
        {
            var answer = await AskAsync(host);
            Assert.False((bool)answer["aiGenerated"]!);
            Assert.Contains(Fact, (string?)answer["answer"], StringComparison.Ordinal);
        }

        Assert.InRange(calls, 5, 6);
        Assert.Equal(calls, model.Requests.Count);
        Assert.Contains("too many recent failures", (string?)(await ReadinessAsync(host)).Body["reason"], StringComparison.Ordinal);
    }

    private static async Task<JsonObject> AskAsync(ServerHost host)
    {
        using var response = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = Question });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ReadinessAsync(ServerHost host)
    {
        using var response = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }
}
