using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ChatBot.Server.Tests.Llm;

/// <summary>With a model, follow-ups and questions in other languages are searched as the standalone English question
/// the model writes; the answer is written for the question as asked.</summary>
public sealed class LlmRewriteTests(LlmServerFixture fixture) : IClassFixture<LlmServerFixture>
{
    private const string Withdrawal = "April 2024";

    [Fact]
    public async Task FollowUp_IsSearchedAsTheModelsStandaloneQuestion()
    {
        var conversation = Guid.NewGuid().ToString("N");
        fixture.Model.Script = (prompt, _) => prompt.StartsWith("<conversation>", StringComparison.Ordinal)
            ? new Scripted("When did the Russian peacekeepers start withdrawing from Nagorno-Karabakh?")
            : new Scripted(LlmStandIn.PassageNumberOf(prompt, Withdrawal) is > 0 and var n
                ? $"The Russian peacekeepers began withdrawing in April 2024 [{n}]."
                : "The ceasefire introduced Russian peacekeepers [1].");

        await AskAsync("What did the 2020 truce introduce to monitor the ceasefire?", conversation);
        var before = fixture.Model.Requests.Count;
        var answer = await AskAsync("And when did they start leaving?", conversation);

        var rewrite = fixture.Model.Requests.Skip(before).First();
        var asked = rewrite.Body["messages"]!.AsArray()[^1]!["content"]!.ToString();
        Assert.Contains("What did the 2020 truce introduce", asked, StringComparison.Ordinal);
        Assert.EndsWith("<question>\nAnd when did they start leaving?\n</question>", asked, StringComparison.Ordinal);
        Assert.True((bool)answer["aiGenerated"]!);
        Assert.Contains(Withdrawal, (string?)answer["answer"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandaloneEnglishQuestion_CostsNoRewrite()
    {
        fixture.Model.Script = (prompt, _) => new Scripted($"It was signed on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, "November 10, 2020")}].");
        var before = fixture.Model.Requests.Count;

        await AskAsync("When was the ceasefire signed?", null);

        Assert.Equal(1, fixture.Model.Requests.Count - before);
    }

    private async Task<JsonNode> AskAsync(string question, string? conversationId)
    {
        using var response = await fixture.Host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question, conversationId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
