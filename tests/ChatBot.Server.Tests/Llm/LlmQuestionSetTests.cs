using ChatBot.Answering;
using ChatBot.Answering.Evaluation;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatBot.Server.Tests.Llm;

/// <summary>A bot in LLM mode whose model is <see cref="FaithfulModel"/>: the question sets run through the real
/// pipeline, the real connector and the verifier, as they would with a model that follows the prompt.</summary>
public sealed class FaithfulModelFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();

    private readonly MiniLmEmbeddingGenerator _embeddings = new(new EmbeddingOptions());

    public LlmStandIn Model { get; private set; } = null!;

    public ServerHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await LlmStandIn.StartAsync();
        Model.Composer = new FaithfulModel(_embeddings).ReplyAsync;
        Host = await LlmServerFixture.StartReadyBotAsync(Model, _data.File("index.snapshot"));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
    }

    public void Dispose()
    {
        _embeddings.Dispose();
        _data.Dispose();
    }
}

/// <summary>The question sets in LLM mode, judged as score.py judges: the model's verified answers hold what the
/// quoted ones hold. (Extractive mode runs the same sets in <c>AnswerQualityTests</c>.)</summary>
public sealed class LlmQuestionSetTests(FaithfulModelFixture fixture, ITestOutputHelper output) : IClassFixture<FaithfulModelFixture>
{
    [SkippableFact]
    public async Task SharedDevelopmentSet_PassesInLlmMode_WithTheModelsAnswers()
    {
        Skip.IfNot(File.Exists(RepositoryPaths.SharedDevSet), $"The shared development set is not at {RepositoryPaths.SharedDevSet}.");

        var results = await RunAsync(RepositoryPaths.SharedDevSet);

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Case.Id}: {r.Reason}"));
        Assert.All(results.Where(r => r.Answer.Grounded), r => Assert.True(r.Answer.AiGenerated, $"{r.Case.Id} fell back to the quoted answer"));
    }

    /// <remarks>The floor is below extractive mode's 90 %: the stand-in reads by sentence similarity, and on a few list
    /// and overview questions it picks the passage's lead sentence where the pipeline quotes the items (143 of 159 on
    /// the day it was written, against 146 quoted).</remarks>
    [Fact]
    public async Task ProjectQuestionSet_HoldsItsFloorInLlmMode()
    {
        var results = await RunAsync(RepositoryPaths.QuestionSet);

        var passed = results.Count(r => r.Passed);
        Assert.True(passed >= results.Count * 0.85, $"{passed}/{results.Count} passed");
        var written = results.Count(r => r.Answer.AiGenerated);
        Assert.True(written >= results.Count(r => r.Answer.Grounded) * 0.8, $"only {written} answers were the model's");
    }

    private async Task<List<EvalResult>> RunAsync(string path)
    {
        var runner = new EvalRunner(fixture.Host.Services.GetRequiredService<QuestionAnswerer>());
        var results = new List<EvalResult>();
        foreach (var evalCase in await EvalCase.LoadAsync(path))
        {
            var result = await runner.RunAsync(evalCase);
            results.Add(result);
            output.WriteLine($"{(result.Passed ? "PASS" : "FAIL")} {(result.Answer.AiGenerated ? "llm" : "quoted")} {evalCase.Id} {evalCase.Question} {result.Reason}\n    {result.Answer.Text}");
        }

        return results;
    }
}
