using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>
/// Rewrites a question into the article's vocabulary before it is searched: chat shorthand expanded ("ppl"), words the
/// article writes closed up joined ("cease fire" to "ceasefire"), and misspelt words corrected to the nearest word the
/// article uses ("Azerbajan"). Words the article does not use and that are not near one are left alone.
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
        ["nk"] = "Nagorno-Karabakh",
        ["usa"] = "U.S.",
        ["pm"] = "Prime Minister",
        ["approx"] = "approximately",
        ["info"] = "information",
        ["pls"] = "please",
        ["plz"] = "please",
        ["2day"] = "today",
        ["b4"] = "before",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>News writes a capital for its government ("Moscow, Washington and Paris"). Where the article does the
    /// same (it uses both names), a question about the capital is also about the country.</summary>
    private static readonly FrozenDictionary<string, string> Capitals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Washington"] = "U.S.",
        ["Moscow"] = "Russia",
        ["Paris"] = "France",
        ["London"] = "Britain",
        ["Berlin"] = "Germany",
        ["Beijing"] = "China",
        ["Ankara"] = "Turkey",
        ["Tehran"] = "Iran",
        ["Brussels"] = "EU",
        ["Kyiv"] = "Ukraine",
        ["Baku"] = "Azerbaijan",
        ["Yerevan"] = "Armenia",
        ["Tbilisi"] = "Georgia",
        ["Tokyo"] = "Japan",
        ["Delhi"] = "India",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public string Normalize(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (vocabulary.Contains("us"))
        {
            // The article's "U.S." is what readers call the United States, the USA or America.
            question = UnitedStates().Replace(question, m => m.Value.StartsWith("the ", StringComparison.Ordinal) ? "the U.S." : "U.S.");
        }

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

            output.Append(Correct(token, lower));
            if (Capitals.TryGetValue(lower, out var country) && vocabulary.Contains(lower)
                && TermTokenizer.Words(country).All(vocabulary.Contains))
            {
                output.Append(" (").Append(country).Append(')');
            }
        }

        return WhiteSpace.Collapse(output.ToString());
    }

    private string Correct(string token, string lower)
    {
        // Short words are too often a different real word one letter away ("making" and "marking").
        if (vocabulary.IsEmpty || lower.Length < 7 || !lower.All(char.IsLetter) || vocabulary.Contains(lower))
        {
            return token;
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

    [GeneratedRegex(@"(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’/][\p{L}]+)*/?|\s+|.", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"\b(the )?United States( of America)?\b|\bU\.?S\.?A\.?(?=\W|$)|\bAmerica\b(?!n)", RegexOptions.CultureInvariant)]
    private static partial Regex UnitedStates();
}
