using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>
/// Rewrites a question into the documents' vocabulary before it is searched: chat shorthand expanded ("ppl"), the
/// manifest's aliases and acronyms the documents write out given their names, words the documents write closed up
/// joined ("data base" to "database"), and misspelt words corrected to the nearest word the documents use. Words the
/// documents do not use and that are not near one are left alone.
/// </summary>
public sealed partial class QuestionNormalizer(CorpusVocabulary vocabulary)
{
    private static readonly FrozenDictionary<string, string> Shorthand = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ppl"] = "people",
        ["ppls"] = "people",
        ["govt"] = "government",
        ["gov"] = "government",
        ["govts"] = "governments",
        ["u"] = "you",
        ["ur"] = "your",
        ["r"] = "are",
        ["abt"] = "about",
        ["bc"] = "because",
        ["b/c"] = "because",
        ["cuz"] = "because",
        ["coz"] = "because",
        ["bcs"] = "because",
        ["w/"] = "with",
        ["w/o"] = "without",
        ["thru"] = "through",
        ["tho"] = "though",
        ["yr"] = "year",
        ["yrs"] = "years",
        ["wat"] = "what",
        ["wht"] = "what",
        ["whn"] = "when",
        ["hw"] = "how",
        ["y"] = "why",
        ["intl"] = "international",
        ["int'l"] = "international",
        ["approx"] = "approximately",
        ["info"] = "information",
        ["pls"] = "please",
        ["plz"] = "please",
        ["2day"] = "today",
        ["b4"] = "before",
        ["mny"] = "many",
        ["gonna"] = "going to",
        ["wanna"] = "want to",
        ["dunno"] = "do not know",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public string Normalize(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        question = Aliases(question);
        var tokens = Token().Matches(question).Select(m => m.Value).ToList();
        var output = new StringBuilder(question.Length + 16);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!IsWord(token))
            {
                output.Append(token);
                continue;
            }

            // Chat shorthand is typed in lower case; "U.S." or "PM" in capitals are the article's own abbreviations.
            if (token.Any(char.IsLower) && Shorthand.TryGetValue(token, out var expanded))
            {
                output.Append(expanded);
                continue;
            }

            var lower = token.ToLowerInvariant();
            if (i + 2 < tokens.Count && tokens[i + 1] is " " or "-" && IsWord(tokens[i + 2]) && !vocabulary.IsEmpty)
            {
                var joined = lower + tokens[i + 2].ToLowerInvariant();
                if (vocabulary.Contains(joined) && !(vocabulary.Contains(lower) && vocabulary.Contains(tokens[i + 2].ToLowerInvariant())))
                {
                    output.Append(token).Append(tokens[i + 2].ToLowerInvariant());
                    i += 2;
                    continue;
                }
            }

            if (token.Length is > 1 and <= 5 && token.All(char.IsUpper) && !vocabulary.Contains(lower) && vocabulary.Expand(token) is { } name)
            {
                // An acronym the documents never use, for a name they write out ("UK", "United Kingdom").
                output.Append(name);
                continue;
            }

            output.Append(Correct(token, lower));
        }

        return WhiteSpace.Collapse(output.ToString());
    }

    /// <summary>Where the manifest lists another name for something the documents name, the question gets the
    /// documents' name: in place of an alias the documents never use ("the Met" becomes "Metropolitan Museum"), so no word of
    /// the question looks foreign to them, or beside one they also use in its own sense ("Washington (U.S.)").</summary>
    private string Aliases(string question)
    {
        foreach (var (alias, name) in vocabulary.Aliases)
        {
            if (question.Contains(alias, StringComparison.OrdinalIgnoreCase) && !question.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                var foreign = !TermTokenizer.Words(alias).Any(vocabulary.Contains);
                question = Regex.Replace(question, $@"\b{Regex.Escape(alias)}\b", m => foreign ? name : $"{m.Value} ({name})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
        }

        return question;
    }

    /// <summary>Words this long may be typos of a word the documents use; shorter ones are too often another real word
    /// one letter away ("making" and "marking"), so only two swapped letters ("lnog") or one dropped letter ("budgt",
    /// the commonest slip in quick typing) are repaired there, and only when one document word fits.</summary>
    private const int MinCorrectedLength = 7;

    /// <summary>Below this, a dropped letter is not repaired: too many short words are another word less one letter.</summary>
    private const int MinDroppedLetterLength = 5;

    /// <summary>Whether two words of one length are made of the same letters (two swapped letters, not one changed).</summary>
    private static bool SameLetters(string a, string b)
    {
        Span<char> left = a.Length <= 64 ? stackalloc char[a.Length] : new char[a.Length];
        Span<char> right = b.Length <= 64 ? stackalloc char[b.Length] : new char[b.Length];
        a.CopyTo(left);
        b.CopyTo(right);
        left.Sort();
        right.Sort();
        return left.SequenceEqual(right);
    }

    private string Correct(string token, string lower)
    {
        if (vocabulary.IsEmpty || lower.Length < 3 || !lower.All(char.IsLetter) || vocabulary.Contains(lower))
        {
            return token;
        }

        if (lower.Length < MinCorrectedLength)
        {
            var repaired = vocabulary.Words.Where(w =>
                (w.Length == lower.Length && EditDistance.Within(lower, w, 1) && SameLetters(lower, w))
                || (lower.Length >= MinDroppedLetterLength && !Inflected().IsMatch(lower) && w.Length == lower.Length + 1 && w[0] == lower[0] && EditDistance.Within(lower, w, 1)
                    && TermTokenizer.Stem(w) != TermTokenizer.Stem(lower))).Take(2).ToList();
            return repaired.Count == 1 ? repaired[0] : token;
        }

        var budget = lower.Length >= 9 ? 2 : 1;
        string? best = null;
        var bestCount = 0;
        var ambiguous = false;
        foreach (var word in vocabulary.Words)
        {
            if (word.Length < 4 || Math.Abs(word.Length - lower.Length) > budget || word[0] != lower[0] || !EditDistance.Within(lower, word, budget))
            {
                continue;
            }

            // Same stem means an inflection the article does not use, not a typo: keep the user's word.
            if (TermTokenizer.Stem(word) == TermTokenizer.Stem(lower))
            {
                return token;
            }

            var count = vocabulary.CountOf(word);
            if (best is null || count > bestCount)
            {
                ambiguous = best is not null && count == bestCount;
                best = word;
                bestCount = count;
            }
            else if (count == bestCount)
            {
                ambiguous = true;
            }
        }

        return best is null || ambiguous ? token : best;
    }

    private static bool IsWord(string token) => token.Length > 0 && char.IsLetterOrDigit(token[0]) && !token.EndsWith('.');

    // A word with a regular English ending is most likely a word in its own right ("making", not "marking").
    [GeneratedRegex(@"(ing|ed|es|s|er|ly)$", RegexOptions.CultureInvariant)]
    private static partial Regex Inflected();

    [GeneratedRegex(@"(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’/][\p{L}]+)*/?|\s+|.", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
