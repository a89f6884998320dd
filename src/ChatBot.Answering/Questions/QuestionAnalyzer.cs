using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ChatBot.Answering.Conversation;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>Reads one question (part): its expected answer type, whether it wants a list or steps, and the key terms the
/// answer must cover, weighted by how rare each is in the documents.</summary>
public sealed partial class QuestionAnalyzer(CorpusVocabulary vocabulary)
{
    /// <summary>Words about the document itself, about saying or asking, and the nouns that name the answer's type: they
    /// say what kind of answer is wanted, not what it is about ("What does the article say about…", "What date…").</summary>
    public static readonly FrozenSet<string> MetaTerms = FrozenSet.ToFrozenSet(
        ["articl", "author", "text", "piec", "writer", "document", "say", "mention", "stat", "discus", "describ", "explain",
         "according", "happen", "thing", "know", "learn", "find", "detail", "information", "tell", "give", "get",
         "recommend", "recommendat", "suggest", "suggestion", "propos", "proposal", "advis", "advic",
         "summary", "summariz", "summaris", "overview", "gist", "main", "key", "point", "idea", "takeaway",
         "date", "year", "month", "day", "time", "long", "number", "amount", "name", "kind", "type", "sort", "list",
         "reason", "caus", "result", "happened", "count", "going", "exactly", "actually", "really", "like", "want", "need",
         "gonna", "wanna", "whats", "what's", "ok", "okay", "hey", "hi", "hello"],
        StringComparer.Ordinal);

    /// <summary>What a word carried over from an earlier question (a follow-up's antecedent, or the first part of a
    /// compound question) weighs against the new question's own words.</summary>
    public const double CarriedWeight = 0.5;

    public QuestionAnalysis Analyze(string question, Turn? antecedent, string? carriedText = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var searchText = FollowUpResolver.SearchText(question, antecedent);
        var carried = carriedText ?? (antecedent is null ? null : FollowUpResolver.Carried(question, antecedent));
        if (carriedText is not null)
        {
            searchText = $"{carriedText} {searchText}";
        }

        var terms = new Dictionary<string, KeyTerm>(StringComparer.Ordinal);
        // "What role does X play?" asks what X does: the frame's words are not what the answer is about.
        Add(terms, RoleFrame().Replace(question, " "), 1.0);
        if (carried is not null)
        {
            Add(terms, carried, CarriedWeight);
        }

        var type = QuestionClassifier.TypeOf(question);
        return new QuestionAnalysis(
            question,
            searchText,
            type,
            QuestionClassifier.WantsList(question),
            QuestionClassifier.WantsSteps(question),
            [.. terms.Values],
            antecedent?.AnswerText)
        {
            Focus = QuestionFocus.Of(question, type),
        };
    }

    private void Add(Dictionary<string, KeyTerm> terms, string text, double share)
    {
        // A single letter is what is left of a contraction ("I'm"), not a topic.
        foreach (var word in TermTokenizer.Words(text).Where(w => !TermTokenizer.IsStopWord(w) && (w.Length > 1 || char.IsDigit(w[0]))))
        {
            var term = TermTokenizer.Stem(word);
            if (MetaTerms.Contains(term) || MetaTerms.Contains(word) || terms.ContainsKey(term))
            {
                continue;
            }

            terms[term] = new KeyTerm(term, word, vocabulary.Idf(term) * share, vocabulary.ContainsTerm(term), share < 1);
        }
    }

    [GeneratedRegex(@"\b(role|part)s?\b(?=.*\bplay(s|ed|ing)?\b)|\bplay(s|ed|ing)?\b(?<=\b(role|part)s?\b.*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleFrame();
}
