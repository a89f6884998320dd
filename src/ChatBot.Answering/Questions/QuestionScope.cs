using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>How much of a question the corpus speaks to, read from the words alone.</summary>
/// <param name="Coverage">Share of the question's content terms that occur in the corpus (1 when it has none).</param>
/// <param name="UnknownNames">Names in the question (capitalised words past the first) that the corpus never uses:
/// a question about someone or somewhere the article does not mention.</param>
/// <param name="FocusTerms">The question's keyword terms that single out what it asks about: those not in most of the
/// corpus's paragraphs (in an article about Armenia, "Armenia" does not say which part of it a question is after).</param>
public sealed record QuestionScope(double Coverage, IReadOnlyList<string> UnknownNames, IReadOnlyList<string> FocusTerms)
{
    public static QuestionScope Unknown { get; } = new(1, [], []);
}

/// <summary>Measures a question's <see cref="QuestionScope"/> against the corpus vocabulary.</summary>
public sealed partial class QuestionScopeEstimator(CorpusVocabulary vocabulary)
{
    /// <summary>Words that refer to the document itself, to saying, or to asking for advice, not to the subject:
    /// "What does the article say about…", "What does it recommend?".</summary>
    public static readonly FrozenSet<string> MetaTerms = FrozenSet.ToFrozenSet(
        ["articl", "author", "text", "piec", "writer", "report", "say", "mention", "stat", "discus", "describ", "explain",
         "according", "happen", "thing", "know", "learn", "find", "out", "detail", "information",
         "recommend", "recommendat", "suggest", "suggestion", "propos", "proposal", "advis", "advic",
         "summary", "summariz", "summaris", "overview", "gist", "main", "key", "point", "idea", "takeaway"],
        StringComparer.Ordinal);

    /// <summary>A term in more than this share of paragraphs is the corpus's topic, not a question's focus.</summary>
    private const double TopicShare = 0.5;

    public QuestionScope Estimate(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (vocabulary.IsEmpty)
        {
            return QuestionScope.Unknown;
        }

        var terms = TermTokenizer.Terms(question).Where(t => !MetaTerms.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        var coverage = terms.Count == 0 ? 1.0 : terms.Count(vocabulary.ContainsTerm) / (double)terms.Count;
        var unknown = Name().Matches(question)
            .Select(m => m.Value)
            .Where(name => !TermTokenizer.IsStopWord(name.ToLowerInvariant()) && !TermTokenizer.Words(name).All(vocabulary.Contains))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var focus = terms.Where(t => vocabulary.ParagraphShare(t) <= TopicShare).ToList();
        return new QuestionScope(coverage, unknown, focus);
    }

    // A capitalised word that does not open the question (or a sentence in it), or an all-capitals acronym anywhere.
    [GeneratedRegex(@"(?<=[\p{L}\p{N},;:]\s+)\p{Lu}[\p{L}\p{N}\-]+|\b\p{Lu}{2,}\p{N}*\b")]
    private static partial Regex Name();
}
