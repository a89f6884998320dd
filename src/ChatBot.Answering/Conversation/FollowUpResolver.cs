using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Conversation;

/// <summary>
/// Decides whether a question leans on the one before ("When did they start leaving?", "How many people left as a
/// result?") and, if so, what to search for: the previous question's search text followed by the new question.
/// </summary>
public static partial class FollowUpResolver
{
    /// <summary>A question with at most this many content words and no named subject of its own is read as a follow-up.</summary>
    private const int ShortQuestionTerms = 2;

    /// <summary>The turn <paramref name="question"/> follows up on, or null when it stands on its own.</summary>
    public static Turn? Antecedent(string question, IReadOnlyList<Turn> history)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        var previous = history.LastOrDefault(t => t.Grounded);
        return previous is not null && IsFollowUp(question) ? previous : null;
    }

    /// <summary>Most words of earlier search text carried into a follow-up's: a chain of follow-ups would otherwise
    /// grow it by a question each turn. Half come from its start (the question that set the topic), half from its end
    /// (the most recent follow-ups).</summary>
    public const int MaxContextWords = 48;

    /// <summary>What to search for: the question, preceded by the antecedent's search text (bounded) when there is one.</summary>
    public static string SearchText(string question, Turn? antecedent)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (antecedent is null)
        {
            return question;
        }

        var words = Carried(question, antecedent).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var context = string.Join(' ', words.Length <= MaxContextWords ? words : words.Take(MaxContextWords / 2).Concat(words.TakeLast(MaxContextWords / 2)));
        return $"{context} {question}";
    }

    /// <summary>What of the antecedent a follow-up carries: its search text, less the names it asked about when the
    /// follow-up asks the same of another name ("What has Milan's mayor done?" → "What about Turin?" is about Turin).</summary>
    public static string Carried(string question, Turn antecedent)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(antecedent);
        return Substitution().Match(question) is { Success: true } swap && swap.Groups["other"].Value.Any(char.IsUpper)
            ? ProperNoun().Replace(antecedent.SearchText, string.Empty)
            : antecedent.SearchText;
    }

    public static bool IsFollowUp(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (Anaphora().IsMatch(question))
        {
            return true;
        }

        var terms = TermTokenizer.Terms(question);
        return terms.Count <= ShortQuestionTerms && !ProperNoun().IsMatch(question);
    }

    [GeneratedRegex(@"\b(they|them|their|theirs|it|its|he|him|his|she|her|hers|this|that|these|those|there|then|such|the same|as a result|because of (this|that|it)|after that|before that|what about|how about|and what|what else|anything else|tell me more|more about|why so|how so|the other|the former|the latter|both of them)\b|^\W*(and|but|also|so|why|how|when)\W*$|^\W*(and|but|so|also)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anaphora();

    [GeneratedRegex(@"^\W*(and\s+)?(what|how)\s+about\s+(?<other>.+?)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Substitution();

    // A capitalised word past the first one names its own subject ("What about Russia?" still resolves via "what about").
    [GeneratedRegex(@"(?<=\S\s+)\p{Lu}\p{Ll}+")]
    private static partial Regex ProperNoun();
}
