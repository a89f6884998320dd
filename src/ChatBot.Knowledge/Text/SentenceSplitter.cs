using System.Collections.Frozen;

namespace ChatBot.Knowledge.Text;

/// <summary>
/// Splits prose into sentences without breaking at abbreviations ("U.S.", "Nov. 10", "e.g."), initials,
/// decimals or ellipses inside a sentence, and keeps closing quotes and brackets with their sentence.
/// </summary>
public static class SentenceSplitter
{
    // Abbreviations that are never the last word of a sentence in news prose: a period after them is part of the word.
    private static readonly FrozenSet<string> NonFinalAbbreviations = FrozenSet.ToFrozenSet(
    [
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "pres",
        "rev", "hon", "amb", "st", "mt", "ft", "no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "ch", "art", "sec",
        "vs", "v", "e.g", "i.e", "cf", "approx", "ca", "est", "dept", "univ", "assn", "al",
        "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ], StringComparer.OrdinalIgnoreCase);

    // Abbreviations that can also end a sentence ("... backed by the U.S. The talks ..."): split only when a typical
    // sentence opener follows.
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.ToFrozenSet(
    [
        "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "there", "but",
        "and", "however", "in", "on", "at", "as", "after", "before", "since", "while", "when", "if", "a", "an",
        "his", "her", "their", "our", "both", "meanwhile", "yet", "still", "also", "then", "such", "some", "many",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns the spans of the sentences in <paramref name="text"/>, trimmed of surrounding white space.</summary>
    public static IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<TextSpan>();
        var start = SkipWhiteSpace(text, 0);
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsTerminator(c))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && (IsTerminator(text[end]) || IsCloser(text[end])))
            {
                end++;
            }

            if (IsBoundary(text, i, end))
            {
                AddTrimmed(spans, text, start, end);
                start = SkipWhiteSpace(text, end);
                i = start;
            }
            else
            {
                i = end;
            }
        }

        if (start < text.Length)
        {
            AddTrimmed(spans, text, start, text.Length);
        }

        return spans;
    }

    private static bool IsBoundary(string text, int terminator, int end)
    {
        if (end >= text.Length)
        {
            return true;
        }

        // A sentence ends only where white space follows: "3.5", "U.S.-brokered" and "example.com" stay whole.
        if (!char.IsWhiteSpace(text[end]))
        {
            return false;
        }

        var next = SkipWhiteSpace(text, end);
        if (next >= text.Length)
        {
            return true;
        }

        var nextChar = text[next];
        if (char.IsLower(nextChar))
        {
            return false;
        }

        if (text[terminator] != '.' || (end - terminator > 1 && text[terminator + 1] == '.'))
        {
            // "?", "!", or an ellipsis: a new sentence starts when an upper-case word, digit or quote follows.
            return true;
        }

        var word = WordBefore(text, terminator);
        if (word.Length == 0)
        {
            return true;
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            // An initial, as in "J. Smith".
            return false;
        }

        if (NonFinalAbbreviations.Contains(word))
        {
            return false;
        }

        if (word.Contains('.', StringComparison.Ordinal))
        {
            // Dotted abbreviations ("U.S.", "a.m.") end a sentence only before a typical sentence opener.
            return SentenceStarters.Contains(WordAt(text, next));
        }

        return true;
    }

    private static string WordBefore(string text, int terminator)
    {
        var start = terminator;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        return text[start..terminator];
    }

    private static string WordAt(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        return text[start..end];
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…';

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»';

    private static int SkipWhiteSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static void AddTrimmed(List<TextSpan> spans, string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add(new TextSpan(start, end - start));
        }
    }
}
