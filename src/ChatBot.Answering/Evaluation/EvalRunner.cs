namespace ChatBot.Answering.Evaluation;

/// <summary>Runs evaluation cases through the answering pipeline, each in a conversation of its own.</summary>
public sealed class EvalRunner(QuestionAnswerer answerer)
{
    public async Task<EvalResult> RunAsync(EvalCase evalCase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var conversation = "eval-" + Guid.NewGuid().ToString("N");
        foreach (var earlier in evalCase.History)
        {
            await answerer.AskAsync(earlier, conversation, cancellationToken).ConfigureAwait(false);
        }

        var answer = await answerer.AskAsync(evalCase.Question, conversation, cancellationToken).ConfigureAwait(false);
        var (passed, reason) = EvalJudge.Judge(evalCase, answer);
        return new EvalResult(evalCase, answer, passed, reason);
    }
}
