using ChatBot.Answering.Evaluation;
using ChatBot.Tests.Shared;
using Xunit.Abstractions;

namespace ChatBot.Answering.Tests.Pipeline;

/// <summary>Answer quality on whole question sets, judged as the shared score.py judges a running server.</summary>
public sealed class AnswerQualityTests(AnsweringFixture fixture, ITestOutputHelper output) : IClassFixture<AnsweringFixture>
{
    [SkippableFact]
    public async Task SharedDevelopmentSet_AllCasesPass()
    {
        Skip.IfNot(File.Exists(RepositoryPaths.SharedDevSet), $"The shared development set is not at {RepositoryPaths.SharedDevSet}.");

        var (passed, total) = await RunAsync(RepositoryPaths.SharedDevSet);

        Assert.Equal(total, passed);
    }

    [Fact]
    public async Task ProjectQuestionSet_AtLeastNineInTenPass()
    {
        var (passed, total) = await RunAsync(RepositoryPaths.QuestionSet);

        Assert.True(passed >= total * 0.9, $"{passed}/{total} passed");
    }

    private async Task<(int Passed, int Total)> RunAsync(string path)
    {
        var cases = await EvalCase.LoadAsync(path);
        var passed = 0;
        foreach (var evalCase in cases)
        {
            var result = await fixture.Runner.RunAsync(evalCase);
            passed += result.Passed ? 1 : 0;
            output.WriteLine($"{(result.Passed ? "PASS" : "FAIL")} {evalCase.Id} {evalCase.Question} {result.Reason}");
        }

        return (passed, cases.Count);
    }
}
