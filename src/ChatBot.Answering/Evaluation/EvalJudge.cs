using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Evaluation;

/// <summary>
/// Judges an answer the way the shared <c>score.py</c> does: an abstain case passes when the bot declines (not grounded,
/// no citations, some text); any other passes when grounded, the answer holds enough expected strings, and a cited
/// passage holds a gold sentence. Matching ignores case, quote and dash styles, and runs of white space.
/// </summary>
public static class EvalJudge
{
    public static (bool Passed, string Reason) Judge(EvalCase evalCase, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        ArgumentNullException.ThrowIfNull(answer);
        var text = Normalize(answer.Text);
        if (evalCase.Abstain)
        {
            return answer.Grounded || answer.Citations.Count > 0 ? (false, "answered an out-of-scope question")
                : text.Length == 0 ? (false, "empty answer")
                : (true, string.Empty);
        }

        if (!answer.Grounded)
        {
            return (false, "abstained");
        }

        var hits = evalCase.ExpectAny.Count(e => text.Contains(Normalize(e), StringComparison.Ordinal));
        if (hits < evalCase.ExpectMin)
        {
            return (false, $"answer holds {hits}/{evalCase.ExpectMin} of [{string.Join(", ", evalCase.ExpectAny)}]");
        }

        var cited = answer.Citations.Select(c => Normalize(c.Text)).ToList();
        return evalCase.Gold.Any(g => cited.Any(c => c.Contains(Normalize(g), StringComparison.Ordinal)))
            ? (true, string.Empty)
            : (false, "no cited passage holds the supporting sentence");
    }

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201c', '"').Replace('\u201d', '"')
            .Replace('\u2014', '-').Replace('\u2013', '-');
        return WhiteSpace.Collapse(text).ToLowerInvariant();
    }
}
