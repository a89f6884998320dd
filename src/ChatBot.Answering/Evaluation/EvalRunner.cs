using ChatBot.Answering.Extractive;

namespace ChatBot.Answering.Evaluation;

/// <summary>Runs evaluation cases through the answering pipeline, each in a conversation of its own.</summary>
public sealed class EvalRunner(QuestionAnswerer answerer)
{
    public Task<EvalResult> RunAsync(EvalCase evalCase, CancellationToken cancellationToken = default) =>
        RunAsync(evalCase, null, string.Empty, cancellationToken);

    /// <summary>Runs a case and, when <paramref name="samples"/> is given, adds its question's candidates labelled by
    /// whether each holds an expected answer, for fitting the answer model.</summary>
    public async Task<EvalResult> RunAsync(EvalCase evalCase, List<TrainingSample>? samples, string set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var conversation = "eval-" + Guid.NewGuid().ToString("N");
        foreach (var earlier in evalCase.History)
        {
            await answerer.AskAsync(earlier, conversation, cancellationToken).ConfigureAwait(false);
        }

        var part = 0;
        void Collect(Questions.QuestionAnalysis question, IReadOnlyList<Candidate> ranked)
        {
            foreach (var candidate in ranked)
            {
                samples!.Add(new TrainingSample(set, evalCase.Id, part, evalCase.Abstain, !evalCase.Abstain && HoldsAnswer(evalCase, candidate.Text),
                    candidate.Features.ToArray()));
            }

            part++;
        }

        var answer = await answerer.AskAsync(evalCase.Question, conversation, samples is null ? null : Collect, cancellationToken).ConfigureAwait(false);
        var (passed, reason) = EvalJudge.Judge(evalCase, answer);
        return new EvalResult(evalCase, answer, passed, reason);
    }

    private static bool HoldsAnswer(EvalCase evalCase, string sentence)
    {
        var text = EvalJudge.Normalize(sentence);
        return evalCase.ExpectAny.Any(e => text.Contains(EvalJudge.Normalize(e), StringComparison.Ordinal))
            || evalCase.Gold.Select(EvalJudge.Normalize).Any(g => g.Contains(text, StringComparison.Ordinal) || text.Contains(g, StringComparison.Ordinal));
    }
}
