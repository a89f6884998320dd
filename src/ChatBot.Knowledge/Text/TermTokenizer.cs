using System.Collections.Frozen;

namespace ChatBot.Knowledge.Text;

/// <summary>
/// Turns text into keyword terms for lexical matching: lower case, stop words out, and a light suffix stemmer so that
/// "withdrawing", "withdrawn" and "withdraw" or "obstacles" and "obstacle" meet. The same terms are used by every store
/// and by the answerer.
/// </summary>
public static class TermTokenizer
{
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "also",
        "may", "might", "must", "shall", "tell", "please", "s", "t", "whose", "since", "yet", "still", "already", "ever", "many", "much", "done", "ll", "ve", "re", "d", "us",
    ], StringComparer.Ordinal);

    /// <summary>True for a lower-case function word that carries no topic ("the", "did", "what").</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    // Span loops rather than LINQ over the string: these run for every word of every candidate sentence, and LINQ
    // allocates an enumerator each time.

    /// <summary>Whether <paramref name="word"/> holds a letter.</summary>
    public static bool HasLetter(string word)
    {
        foreach (var c in word.AsSpan())
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every character of <paramref name="word"/> is a digit.</summary>
    public static bool IsNumber(string word)
    {
        foreach (var c in word.AsSpan())
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The stemmed, non-stop-word terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public static List<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        foreach (var word in Words(text))
        {
            if (!StopWords.Contains(word))
            {
                terms.Add(Stem(word));
            }
        }

        return terms;
    }

    /// <summary>The lower-cased words of <paramref name="text"/>: runs of letters and digits, with inner apostrophes and
    /// hyphens splitting words ("Russia-brokered" gives "russia" and "brokered"), possessive endings dropped.</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            if (AcronymLength(text, i) is > 0 and var acronym)
            {
                // "U.S." is one term whether written "U.S.", "US" or "u.s.", and never the pronoun "us".
                yield return Dotted(text.Substring(i, acronym).Replace(".", string.Empty, StringComparison.Ordinal));
                i += acronym;
                continue;
            }

            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] == ',' && IsDigitGroup(text, i))))
            {
                i++;
            }

            if (i > start)
            {
                var raw = text[start..i];
                var word = raw.Replace(",", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
                if (raw.Length is > 1 and <= 5 && raw.All(char.IsUpper) && StopWords.Contains(word))
                {
                    // An acronym spelt like a function word ("US", "IT") names something; it is not the word.
                    word = Dotted(raw);
                }

                if (i + 1 < text.Length && text[i] is '\'' or '’' && char.ToLowerInvariant(text[i + 1]) == 's'
                    && (i + 2 >= text.Length || !char.IsLetter(text[i + 2])))
                {
                    i += 2;
                }

                yield return word;
            }
        }
    }

    private static string Dotted(string letters) => string.Join('.', letters.ToLowerInvariant().ToCharArray());

    /// <summary>Reduces an English word to a crude stem shared by its inflections.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal)
                 && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ation", StringComparison.Ordinal) && w.Length > 7)
        {
            w = w[..^5] + "at";
        }
        else if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = UnDouble(w[..^3]);
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = UnDouble(w[..^2]);
        }

        if (w.EndsWith('e') && w.Length > 3)
        {
            w = w[..^1];
        }

        return w;
    }

    private static string UnDouble(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !IsVowel(stem[^1]) ? stem[..^1] : stem;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static int AcronymLength(string text, int start)
    {
        var i = start;
        while (i + 1 < text.Length && char.IsLetter(text[i]) && text[i + 1] == '.' && (i + 2 >= text.Length || !char.IsLetter(text[i + 2]) || (i + 3 < text.Length && text[i + 3] == '.')))
        {
            i += 2;
        }

        return i - start >= 4 ? i - start : 0;
    }

    // "70,000" is one number, not "70" and "000".
    private static bool IsDigitGroup(string text, int comma) =>
        comma > 0 && char.IsDigit(text[comma - 1])
        && comma + 3 < text.Length
        && char.IsDigit(text[comma + 1]) && char.IsDigit(text[comma + 2]) && char.IsDigit(text[comma + 3])
        && (comma + 4 >= text.Length || !char.IsDigit(text[comma + 4]));
}
