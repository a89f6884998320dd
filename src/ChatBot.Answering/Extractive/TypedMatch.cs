using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// Whether a sentence holds the kind of fact a question asks for, as a new fact (not the question's own words: "1990"
/// does not answer "When did the 1990 fire start?") and, when the question names what it asks about ("Who is the
/// head teacher…?", "How many rooms…?"), said of that: near those words, or in a sentence whose heading or previous
/// sentence names it ("Its director, Ana Reyes…").
/// </summary>
internal static partial class TypedMatch
{
    /// <summary>Words that may stand between the focus and the fact said of it: "its director, Ana Reyes" is 0
    /// apart, "120 rooms" 0, "the building firm the town has used" reaches back 2.</summary>
    public const int FocusWindow = 4;

    /// <summary>1 when the sentence holds the fact asked for, -1 when the question's type needs one and it holds none,
    /// 0 when the question expects no particular kind of fact or its absence says little.</summary>
    public static double Of(QuestionAnalysis question, string sentence, SentenceContext context, TermLookup lookup)
    {
        var type = question.Type;
        if (type is AnswerType.Any or AnswerType.Summary or AnswerType.Conclusion)
        {
            return 0;
        }

        var absent = AnswerKinds.IsStrict(type) ? -1 : 0;
        if (AnswerKinds.RateAsked(question.Text) is { } rate)
        {
            // "How many days a week…?" is answered by so many days a week, not by any number of days.
            return rate.IsMatch(sentence) ? 1 : absent;
        }

        var shape = Shapes.GetValue(sentence, s => new SentenceShape(s));
        var words = shape.Words;
        var spans = shape.SpansOf(type).ToList();
        if (type is not (AnswerType.Reason or AnswerType.Recommendation))
        {
            // A reason or a recommendation is told by its wording; a fact must add something to the question.
            var asked = lookup.Asked(question.KeyTerms);
            spans.RemoveAll(s => !Enumerable.Range(s.First, s.Count).Any(i => IsNew(words[i], asked)));
        }

        if (spans.Count == 0)
        {
            return absent;
        }

        // A focus the documents never name cannot be looked for ("people" where they say "300 visitors"),
        // nor can the word after it that was read into the phrase ("people left"). A role they never name is
        // different: a name in the sentence is then nobody's in that role ("Who is the minister…?").
        var focus = question.Focus;
        if (focus.Count == 0 || !focus.All(f => question.KeyTerms.Any(k => k.Word == f && k.InDocuments)))
        {
            // So is a counted thing they never name ("How many soldiers died…?"): a number there counts something else.
            return focus.Count > 0 && !focus.Any(QuestionFocus.IsPlaceholder) && type is AnswerType.PersonName or AnswerType.Number ? 0 : 1;
        }

        var focusAt = Enumerable.Range(0, words.Length).Where(i => focus.Any(f => Names(f, words[i], lookup))).ToList();
        if (focusAt.Count == 0)
        {
            // A sentence that never names the focus may still give the fact in other words ("300 visitors"
            // for "how many people"): that says nothing either way.
            var focusNearby = focus.Select(TermTokenizer.Stem).Any(f => context.Heading.Contains(f) || context.Previous.Contains(f));
            return focusNearby ? 1 : 0;
        }

        // The fact is not the focus itself ("head teacher" does not name the head teacher).
        return spans.Any(s => focusAt.Any(f => (f < s.First || f >= s.First + s.Count)
            && Math.Min(Math.Abs(f - s.First), Math.Abs(f - (s.First + s.Count - 1))) <= FocusWindow + 1)) ? 1 : absent;
    }

    /// <summary>A sentence's words and, per kind of answer, which of them hold a fact of that kind: the same sentences
    /// are candidates of question after question, and finding these is most of this check's cost.</summary>
    private static readonly ConditionalWeakTable<string, SentenceShape> Shapes = new();

    private sealed class SentenceShape(string sentence)
    {
        private readonly MatchCollection _matches = WordPattern().Matches(sentence);
        private readonly ConcurrentDictionary<AnswerType, (int First, int Count)[]> _spans = new();

        public string[] Words { get; } = [.. WordPattern().Matches(sentence).Select(m => m.Value)];

        public (int First, int Count)[] SpansOf(AnswerType type) =>
            _spans.GetOrAdd(type, t => [.. AnswerKinds.Spans(t, sentence).Select(m => Range(_matches, m))]);
    }

    private static (int First, int Count) Range(MatchCollection words, Match span)
    {
        var first = -1;
        var count = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Index + words[i].Length > span.Index && words[i].Index < span.Index + span.Length)
            {
                first = first < 0 ? i : first;
                count++;
            }
        }

        return first < 0 ? (0, 0) : (first, count);
    }

    private static bool IsNew(string word, HashSet<string> asked)
    {
        var lower = word.ToLowerInvariant();
        return !TermTokenizer.IsStopWord(lower) && !asked.Contains(TermTokenizer.Stem(lower));
    }

    private static bool Names(string focus, string word, TermLookup lookup)
    {
        var lower = word.ToLowerInvariant();
        if (TermTokenizer.IsStopWord(lower))
        {
            return false;
        }

        var term = TermTokenizer.Stem(lower);
        var focusTerm = TermTokenizer.Stem(focus);
        return term == focusTerm || TermMatch.Related(focusTerm, term)
            || (TermTokenizer.HasLetter(lower) && lookup.SameIdea(focus, lower));
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’]*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
