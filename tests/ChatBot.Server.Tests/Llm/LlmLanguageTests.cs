using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ChatBot.Server.Tests.Llm;

/// <summary>A question in another language: searched through the model's English question, answered and verified in
/// English, then sent in the question's language with its citations — or in English, saying so, when the translation
/// loses a marker or a number.</summary>
public sealed class LlmLanguageTests(LlmServerFixture fixture) : IClassFixture<LlmServerFixture>
{
    private const string Russian = "Когда было подписано соглашение о прекращении огня?";
    private const string Translation = "Война закончилась прекращением огня при посредничестве России 10 ноября 2020 года. [1]";

    [Fact]
    public async Task Ask_InRussian_IsAnsweredInRussianWithTheEnglishPassagesCited()
    {
        Script(Translation);

        var answer = await AskAsync(Russian);

        Assert.Equal(Translation, (string?)answer["answer"]);
        Assert.True((bool)answer["aiGenerated"]!);
        var citation = Assert.Single(answer["citations"]!.AsArray());
        Assert.Contains("November 10, 2020", (string?)citation!["text"], StringComparison.Ordinal);
        var answering = fixture.Model.Requests.Select(r => LastUser(r.Body)).Single(p => p.Contains("<passages>", StringComparison.Ordinal));
        Assert.Contains("<question>\nWhen was the ceasefire signed?\n</question>", answering, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Война закончилась прекращением огня 10 ноября 2021 года. [1]")]
    [InlineData("Война закончилась прекращением огня 10 ноября 2020 года.")]
    [InlineData("")]
    public async Task Ask_TranslationThatLosesAMarkerOrANumber_SendsTheVerifiedEnglishSayingSo(string translation)
    {
        Script(translation);

        var answer = await AskAsync(Russian);

        Assert.StartsWith("(I answer in English", (string?)answer["answer"], StringComparison.Ordinal);
        Assert.EndsWith("ceasefire on November 10, 2020. [1]", (string?)answer["answer"], StringComparison.Ordinal);
        Assert.True((bool)answer["aiGenerated"]!);
    }

    [Fact]
    public async Task Stream_InRussian_StreamsOnlyTheTranslation()
    {
        Script(Translation);

        var events = await AskStreamTests.StreamAsync(fixture.Host.Client, Russian);

        Assert.Equal(Translation, string.Concat(events.Where(e => e.Event == "delta").Select(d => (string?)d.Data["text"])));
        Assert.Equal(Translation, (string?)events[^1].Data["answer"]);
    }

    /// <summary>The model's three calls: the English search question, the answer to it, and the translation.</summary>
    private void Script(string translation)
    {
        while (fixture.Model.Requests.TryDequeue(out _))
        {
        }

        fixture.Model.Script = (prompt, _) => new Scripted(
            prompt.Contains("<passages>", StringComparison.Ordinal)
                ? $"The war ended with a Russia-brokered ceasefire on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, "November 10, 2020")}]."
                : prompt.Contains("<answer>", StringComparison.Ordinal) ? translation
                : "When was the ceasefire signed?");
    }

    private static string LastUser(JsonNode body) =>
        body["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();

    private async Task<JsonNode> AskAsync(string question)
    {
        using var response = await fixture.Host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question, conversationId = Guid.NewGuid().ToString("N") });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
