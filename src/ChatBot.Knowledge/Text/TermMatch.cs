namespace ChatBot.Knowledge.Text;

/// <summary>Whether two keyword terms are forms of one word the crude stemmer did not unite: one typo apart
/// ("ceasfire"), or sharing a long stem ("dissolved" and "dissolution", "withdraw" and "withdrawal").</summary>
public static class TermMatch
{
    /// <summary>Shared leading letters that make two long terms one word.</summary>
    private const int SharedStem = 6;

    public static bool Related(string term, string candidate)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(candidate);
        if (term.Length < 5 || candidate.Length < 5 || TermTokenizer.IsNumber(term) || TermTokenizer.IsNumber(candidate))
        {
            return false;
        }

        var budget = Math.Min(term.Length, candidate.Length) >= 8 ? 2 : 1;
        return (Math.Abs(term.Length - candidate.Length) <= budget && EditDistance.Within(term, candidate, budget))
            || (term.Length >= SharedStem && candidate.Length >= SharedStem && term.AsSpan(0, SharedStem).SequenceEqual(candidate.AsSpan(0, SharedStem)));
    }
}
