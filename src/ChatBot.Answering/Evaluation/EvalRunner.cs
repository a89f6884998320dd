using System.Globalization;
using ChatBot.Answering.Extractive;

namespace ChatBot.Answering.Evaluation;

/// <summary>Runs evaluation cases through the answering pipeline, each in a conversation of its own.</summary>
public sealed class EvalRunner(QuestionAnswerer answerer)
{
    /// <summary>How many of each part's best candidates an explained result lists.</summary>
    private const int Explained = 8;

    public Task<EvalResult> RunAsync(EvalCase evalCase, CancellationToken cancellationToken = default) =>
        RunAsync(evalCase, null, string.Empty, cancellationToken);

    /// <summary>Runs a case and, when <paramref name="samples"/> is given, adds its question's candidates labelled by
    /// whether each holds an expected answer, for fitting the answer model. The result lists each part's best candidates
    /// with their features, to explain a verdict.</summary>
    public async Task<EvalResult> RunAsync(EvalCase evalCase, List<TrainingSample>? samples, string set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var conversation = "eval-" + Guid.NewGuid().ToString("N");
        foreach (var earlier in evalCase.History)
        {
            await answerer.AskAsync(earlier, conversation, cancellationToken).ConfigureAwait(false);
        }

        var part = 0;
        var best = new List<string>();
        void Collect(Questions.QuestionAnalysis question, IReadOnlyList<Candidate> ranked)
        {
            // Terms the documents never use are marked "?"; candidates read "hit:sentence score [features] text".
            var terms = question.KeyTerms.Select(k => $"{k.Term}:{k.Weight:F1}{(k.InDocuments ? "" : "?")}");
            best.Add($"part {part}: type {question.Type}{(question.WantsList ? ", list" : "")}, focus {string.Join(" ", question.Focus)}, terms {string.Join(" ", terms)}");
            best.AddRange(ranked.Take(Explained).Select(c =>
                $"  {c.HitRank}:{c.Position} {c.Score:F2} [{string.Join(" ", c.Features.ToArray().Select(f => f.ToString("F2", CultureInfo.InvariantCulture)))}] {c.Text}"));
            foreach (var candidate in ranked)
            {
                samples?.Add(new TrainingSample(set, evalCase.Id, part, evalCase.Abstain, !evalCase.Abstain && HoldsAnswer(evalCase, candidate.Text),
                    candidate.Features.ToArray()));
            }

            part++;
        }

        var answer = await answerer.AskAsync(evalCase.Question, conversation, Collect, null, cancellationToken).ConfigureAwait(false);
        var (passed, reason) = EvalJudge.Judge(evalCase, answer);
        return new EvalResult(evalCase, answer, passed, reason, best);
    }

    private static bool HoldsAnswer(EvalCase evalCase, string sentence)
    {
        var text = EvalJudge.Normalize(sentence);
        return evalCase.ExpectAny.Any(e => text.Contains(EvalJudge.Normalize(e), StringComparison.Ordinal))
            || evalCase.Gold.Select(EvalJudge.Normalize).Any(g => g.Contains(text, StringComparison.Ordinal) || text.Contains(g, StringComparison.Ordinal));
    }
}
