using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>
/// The words naming what a question asks to identify or count: "the head teacher" in "Who is the head teacher
/// of…?", "ship" in "What was the name of the ship…?", "building firm" in "Which building firm…?",
/// "rooms" in "How many rooms…?". The answer is a name or a number said of that thing, so it stands near
/// those words in the sentence that gives it (English question patterns only).
/// </summary>
public static partial class QuestionFocus
{
    /// <summary>A focus is a short noun phrase; more words would reach into the rest of the question.</summary>
    private const int MaxWords = 2;

    /// <summary>Nouns that stand for whatever the answer names ("how many people", "which one"): the documents may
    /// well answer without them ("300 visitors").</summary>
    private static readonly FrozenSet<string> Placeholders = FrozenSet.ToFrozenSet(
        ["people", "person", "persons", "someone", "somebody", "anyone", "anybody", "everyone", "thing", "things", "one", "ones"],
        StringComparer.Ordinal);

    public static bool IsPlaceholder(string word) => Placeholders.Contains(word);

    /// <summary>Nouns that name a measure of something: "What is its population?" asks for a number said of that.</summary>
    public const string QuantityNouns = "(population|size|height|depth|width|area|volume|capacity|weight|age|distance|speed)";

    public static IReadOnlyList<string> Of(string question, AnswerType type)
    {
        ArgumentNullException.ThrowIfNull(question);
        var permission = type == AnswerType.Any ? Permission().Match(question) : null;
        if (permission is not { Success: true } && type is not (AnswerType.Person or AnswerType.ProperName or AnswerType.PersonName or AnswerType.Organisation or AnswerType.Number))
        {
            return [];
        }

        // "Can I get a cash advance…?" asks about the thing to be had: documents that never name it cannot allow it.
        var lead = permission is { Success: true } ? permission : Lead().Match(question);
        if (!lead.Success)
        {
            return [];
        }

        var focus = new List<string>(MaxWords);
        foreach (var word in TermTokenizer.Words(question[(lead.Index + lead.Length)..]))
        {
            var term = TermTokenizer.Stem(word);
            // A word ending like a verb ends the noun phrase ("How many rooms stayed empty?"), unless it opens it
            // ("building firm").
            if (TermTokenizer.IsStopWord(word) || !word.All(char.IsLetter) || QuestionAnalyzer.MetaTerms.Contains(term)
                || (focus.Count > 0 && VerbEnding().IsMatch(word)))
            {
                break;
            }

            focus.Add(word);
            if (focus.Count == MaxWords)
            {
                break;
            }
        }

        return focus;
    }

    /// <summary>What a "how many" question says happened to what it counts ("died" in "How many people died…?"),
    /// when it is a regular past form; null otherwise. A count of people rescued does not answer how many died.</summary>
    public static string? PredicateOf(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return CountedEvent().Match(question) is { Success: true } m ? m.Groups["verb"].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"\bhow many\s+\p{L}+\s+(have\s+|had\s+|were\s+|was\s+|got\s+)?(?<verb>\p{L}+ed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountedEvent();

    [GeneratedRegex(@"\b(who|whom)\s+(is|was|are|were)\s+(the|a|an|their|its|his|her)\s+|\bthe name of\s+(the\s+|a\s+|an\s+|their\s+|its\s+|his\s+|her\s+)?|^\W*(and\s+|but\s+|so\s+)?(which|what)\s+(?!(is|was|are|were|does|did|do|will|would|can|could|should|has|have|had)\b)|\bhow (many|much)\s+|\bwhat\s+(is|was|are|were)\s+(the\s+|its\s+|their\s+|his\s+|her\s+)?(\p{L}+['’]s\s+)?(?=(\p{L}+\s+)?" + QuantityNouns + @"\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Lead();

    [GeneratedRegex(@"^\W*(can|may|could)\s+(i|we|staff|employees|members|visitors)\s+(get|have|take|claim|use|buy|bring|book|borrow|request|receive)\s+((a|an|the|my|our|some|any|extra)\s+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Permission();

    [GeneratedRegex(@"(ed|ing)$", RegexOptions.CultureInvariant)]
    private static partial Regex VerbEnding();
}
