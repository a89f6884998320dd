using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ChatBot.Server.Tests;

/// <summary>Without a model the bot quotes its English sources, and says so once to someone asking in another language.</summary>
public sealed class AskLanguageTests(ReadyServerFixture fixture) : IClassFixture<ReadyServerFixture>
{
    [Fact]
    public async Task Ask_InAnotherLanguage_SaysOnceThatItAnswersInEnglish()
    {
        var conversation = Guid.NewGuid().ToString("N");

        var first = await AskAsync("Quand le cessez-le-feu a-t-il été signé ?", conversation);
        var second = await AskAsync("Pourquoi les Arméniens sont-ils partis du Karabakh ?", conversation);
        var english = await AskAsync("When was the ceasefire signed?", Guid.NewGuid().ToString("N"));

        Assert.StartsWith("(I answer in English", (string?)first["answer"], StringComparison.Ordinal);
        Assert.DoesNotContain("I answer in English", (string?)second["answer"], StringComparison.Ordinal);
        Assert.DoesNotContain("I answer in English", (string?)english["answer"], StringComparison.Ordinal);
    }

    private async Task<JsonNode> AskAsync(string question, string conversationId)
    {
        using var response = await fixture.Host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question, conversationId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
