using System.Numerics.Tensors;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace ChatBot.Server.Tests.Llm;

/// <summary>
/// A script for <see cref="LlmStandIn"/> that behaves like a careful model following the bot's prompts, so the whole
/// question sets can run in LLM mode. Asked to answer, it writes the passage sentences closest to the question in
/// meaning (MiniLM similarity; shared rare words and a wanted date or number break ties), or for a list question the
/// sentences of the closest passage, each ending in its passage's marker; when no sentence is about the question it
/// says the passages do not cover it. Asked to rewrite a follow-up, it writes the conversation's last question before
/// it. It sees only what a real model would: the prompt's text.
/// </summary>
internal sealed partial class FaithfulModel(IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>Sentences a reply quotes at most: a model writes a few, enough for a list.</summary>
    private const int MaxSentences = 5;

    /// <summary>Sentences nearly as relevant as the best one are written too (the items of a list, a reason's context).</summary>
    private const double CloseToBest = 0.15;

    private const double LexicalWeight = 0.05;

    private const double TypedBonus = 0.1;

    /// <summary>Below this, no sentence is about the question: the model says the passages do not cover it.</summary>
    private const double MinRelevance = 0.1;

    private const string NotCovered = ChatBot.Answering.Generative.GroundedPrompt.NotCovered;

    private static readonly HashSet<string> FunctionWords =
    [
        "the", "and", "for", "are", "was", "were", "what", "when", "where", "which", "who", "whom", "why", "how", "did",
        "does", "doing", "has", "have", "had", "that", "this", "these", "those", "with", "from", "into", "about", "its",
        "their", "they", "them", "there", "many", "much", "can", "could", "would", "should", "will", "been", "being",
        "any", "some", "you", "your", "our", "not", "but", "all", "than", "then", "also", "article", "documents",
    ];

    public async Task<Scripted> ReplyAsync(string prompt, CancellationToken cancellationToken) =>
        new(prompt.Contains("<passages>", StringComparison.Ordinal) ? await AnswerAsync(prompt, cancellationToken)
            : prompt.Contains("<conversation>", StringComparison.Ordinal) ? Rewrite(prompt)
            : "");

    private async Task<string> AnswerAsync(string prompt, CancellationToken cancellationToken)
    {
        var asked = Between(prompt, "<question>", "</question>");
        var question = Words(asked);
        var sentences = new List<(int Passage, string Text, List<string> Words)>();
        foreach (Match passage in PassagePattern().Matches(Between(prompt, "<passages>", "</passages>")))
        {
            var number = int.Parse(passage.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            sentences.AddRange(SentenceEnd().Split(passage.Groups[2].Value.Trim()).Where(s => s.Any(char.IsLetter)).Select(s => (number, s.Trim(), Words(s))));
        }

        if (sentences.Count == 0)
        {
            return NotCovered;
        }

        // Meaning first; shared rare words and, for a "when" or "how many" question, a date or a number, break near ties.
        var vectors = await embeddings.GenerateAsync([asked, .. sentences.Select(s => s.Text)], cancellationToken: cancellationToken);
        double Rarity(string word) => Math.Log(1 + ((double)sentences.Count / (1 + sentences.Count(s => s.Words.Any(w => SameStem(word, w))))));
        var wanted = WantedPattern(asked.TrimStart().ToLowerInvariant());
        var ranked = sentences.Select((s, order) => (
            Score: TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[order + 1].Vector.Span)
                + (LexicalWeight * question.Where(q => s.Words.Any(w => SameStem(q, w))).Sum(Rarity))
                + (wanted is not null && wanted.IsMatch(s.Text) ? TypedBonus : 0),
            Order: order, s.Passage, s.Text)).ToList();
        var best = ranked.Max(r => r.Score);
        if (best < MinRelevance)
        {
            return NotCovered;
        }

        // Asked for several things, a model lists what the most relevant passage says, sentence by sentence.
        var top = ranked.First(r => r.Score == best);
        var chosen = ListQuestion().IsMatch(asked)
            ? [.. ranked.Where(r => r.Passage == top.Passage).Take(MaxSentences + 1)]
            : ranked.Where(r => r.Score >= best - CloseToBest).OrderByDescending(r => r.Score).Take(MaxSentences).OrderBy(r => r.Order).ToList();
        var reply = new StringBuilder();
        foreach (var (_, _, passage, sentence) in chosen)
        {
            reply.Append(reply.Length > 0 ? " " : "").Append(sentence.TrimEnd('.', '!', '?', ';', ':')).Append(" [").Append(passage).Append("].");
        }

        return reply.ToString();
    }

    private static Regex? WantedPattern(string question) =>
        question.StartsWith("when", StringComparison.Ordinal) || question.StartsWith("what year", StringComparison.Ordinal) ? YearPattern()
        : question.StartsWith("how many", StringComparison.Ordinal) || question.StartsWith("how much", StringComparison.Ordinal) ? NumberPattern()
        : null;

    private static string Rewrite(string prompt)
    {
        var question = Between(prompt, "<question>", "</question>").Trim();
        var earlier = UserLine().Matches(Between(prompt, "<conversation>", "</conversation>")).Select(m => m.Groups[1].Value.Trim()).LastOrDefault();
        if (earlier is null)
        {
            return question;
        }

        // The earlier question beside this one: the antecedent in full, as a model resolving "that" would name it.
        return $"{earlier} {question}";
    }

    private static string Between(string text, string open, string close)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return text[start..text.IndexOf(close, start, StringComparison.Ordinal)];
    }

    private static List<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 2 && !FunctionWords.Contains(w)).Distinct()];

    /// <summary>Words of one stem ("withdraw", "withdrawing") share their first five letters, or are equal when shorter.</summary>
    private static bool SameStem(string a, string b) =>
        a.Length >= 5 && b.Length >= 5 ? a.AsSpan(0, 5).SequenceEqual(b.AsSpan(0, 5)) : a == b;

    [GeneratedRegex(@"^\[(\d+)\][^\n]*\n(.*?)(?=\n\n|\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex PassagePattern();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z""“(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\p{L}[\p{L}\d'-]*|\d[\d,.]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(1[89]|20)\d\d\b")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"\d")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\W*(what|which|who) (are|were)\b|^\W*(list|name)\b|\b(steps|ways|items)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ListQuestion();

    [GeneratedRegex(@"^User: (.*)$", RegexOptions.Multiline)]
    private static partial Regex UserLine();
}
