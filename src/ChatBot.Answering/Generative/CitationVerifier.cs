using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Text;
using Microsoft.Extensions.AI;

namespace ChatBot.Answering.Generative;

/// <summary>
/// Checks a model's answer against the passages it was given, sentence by sentence, before anything is sent: every
/// <c>[n]</c> must name a given passage; every sentence that states something must carry one; a cited sentence's
/// numbers and names must appear in its passages (case, digit grouping and hyphens aside) and its meaning must be close
/// to one of their sentences. Sentences that fail are dropped; what remains is renumbered with its citations.
/// </summary>
public sealed partial class CitationVerifier(IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>
    /// The least cosine similarity (all-MiniLM-L6-v2) between a cited sentence and the closest sentence of its passages.
    /// A faithful restatement of one sentence scores 0.65–0.95 and a sentence joining two of them 0.55–0.75; a claim the
    /// passage does not make about the same subject typically 0.3–0.5. Numbers and names are checked separately, so
    /// this only has to catch a changed meaning.
    /// </summary>
    public const double MinSimilarity = 0.5;

    public async Task<VerifiedAnswer> VerifyAsync(string answer, IReadOnlyList<PassageHit> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(passages);
        var claims = SentenceSplitter.Split(answer).Select(s => s.Of(answer).Trim()).Where(s => s.Any(char.IsLetterOrDigit))
            .Select(Claim.Of).ToList();
        var dropped = new List<string>();
        var candidates = new List<Claim>();
        foreach (var claim in claims)
        {
            if (claim.Markers.Count == 0)
            {
                // A lead-in ("The article names three obstacles:") states nothing itself.
                if (!claim.Text.EndsWith(':'))
                {
                    dropped.Add("a sentence without a citation");
                }

                continue;
            }

            if (claim.Markers.Any(m => m < 1 || m > passages.Count))
            {
                dropped.Add("a citation to a passage that was not given");
                continue;
            }

            var cited = string.Join("\n", claim.Markers.Select(m => passages[m - 1].Passage.Passage.Text));
            if (Unstated(claim.Text, cited) is { } missing)
            {
                dropped.Add($"'{missing}' is not in the cited passage");
                continue;
            }

            candidates.Add(claim);
        }

        var encoding = System.Diagnostics.Stopwatch.GetTimestamp();
        var vectors = candidates.Count == 0 ? [] : await embeddings.GenerateAsync(candidates.Select(c => c.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
        AnswerTimings.Add(AnswerTimings.VerifyEncode, System.Diagnostics.Stopwatch.GetElapsedTime(encoding));
        var kept = new List<Claim>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var vector = vectors[i].Vector;
            var closest = candidates[i].Markers.SelectMany(m => passages[m - 1].Passage.SentenceVectors).Max(s => TensorPrimitives.Dot(vector.Span, s));
            if (closest >= MinSimilarity)
            {
                kept.Add(candidates[i]);
            }
            else
            {
                dropped.Add($"a sentence unlike its passage (similarity {closest.ToString("F2", CultureInfo.InvariantCulture)})");
            }
        }

        return Renumber(kept, passages, dropped);
    }

    /// <summary>A number, date or name of <paramref name="claim"/> that <paramref name="passage"/> does not hold.</summary>
    internal static string? Unstated(string claim, string passage)
    {
        var haystack = Normalize(passage);
        foreach (Match number in NumberPattern().Matches(claim))
        {
            if (!haystack.Contains(Normalize(number.Value), StringComparison.Ordinal))
            {
                return number.Value;
            }
        }

        var words = WordPattern().Matches(claim);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].Value;

            // A capitalised word inside a sentence is a name ("Paris", "Smith"); the first word is capitalised anyway.
            if (i > 0 && char.IsUpper(word[0]) && !TermTokenizer.IsStopWord(word.ToLowerInvariant())
                && !haystack.Contains(Normalize(word), StringComparison.Ordinal))
            {
                return word;
            }
        }

        return null;
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (c is ',' or '-' or '‐' or '–' or '\u00a0')
            {
                continue;
            }

            builder.Append(char.ToLowerInvariant(c is '’' ? '\'' : c));
        }

        return builder.ToString();
    }

    private static VerifiedAnswer Renumber(List<Claim> kept, IReadOnlyList<PassageHit> passages, List<string> dropped)
    {
        var numbers = new Dictionary<int, int>();
        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var claim in kept)
        {
            var markers = new StringBuilder();
            foreach (var given in claim.Markers)
            {
                if (!numbers.TryGetValue(given, out var number))
                {
                    number = citations.Count + 1;
                    numbers[given] = number;
                    citations.Add(Citation.Of(number, passages[given - 1]));
                }

                markers.Append(" [").Append(number).Append(']');
            }

            text.Append(text.Length > 0 ? " " : "").Append(claim.Text).Append(markers);
        }

        return new VerifiedAnswer(text.ToString(), citations, dropped);
    }

    /// <summary>One sentence of the answer: its text without markers (end punctuation kept) and the passages it cites.</summary>
    private sealed record Claim(string Text, IReadOnlyList<int> Markers)
    {
        public static Claim Of(string sentence)
        {
            var markers = MarkerPattern().Matches(sentence)
                .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
                .Distinct().ToList();
            var text = WhiteSpace.Collapse(MarkerPattern().Replace(sentence, "")).Trim();
            text = SpaceBeforePunctuation().Replace(text, "$1");
            return new Claim(text, markers);
        }
    }

    [GeneratedRegex(@"\s*\[(\d+(?:\s*,\s*\d+)*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\p{L}[\p{L}'’]*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+([.,;:!?])", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBeforePunctuation();
}

/// <summary>What survived verification: the text with renumbered markers, its citations, and why sentences were dropped.</summary>
public sealed record VerifiedAnswer(string Text, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Dropped)
{
    public bool IsEmpty => Citations.Count == 0;
}
