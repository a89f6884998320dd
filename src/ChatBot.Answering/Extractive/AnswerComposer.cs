using System.Numerics.Tensors;
using System.Text;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Passages;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// Picks the sentences that make the answer, by the shape of the question, and writes them with their citations. A
/// factoid is its best sentence (and a second as good); a list is the items that belong together (a list or table
/// passage whole, or the sentences of one section, and the best sentence of each other passage nearly as good); a
/// "how do I" question is the steps of the best procedure, in order.
/// </summary>
internal static class AnswerComposer
{
    /// <summary>A second sentence joins a factoid answer when its log-odds are within this of the best.</summary>
    private const double CompanionMargin = 0.75;

    /// <summary>Sentences of other passages join a list answer when within this of the best (log-odds).</summary>
    private const double ListMargin = 1.5;

    /// <summary>Sentences of other passages under the same heading join a list answer when within this of the best
    /// (log-odds): a section's paragraphs are often the items of one answer ("The first obstacle… The second…").</summary>
    private const double SectionMargin = 3.0;

    /// <summary>How much less similar to the question (cosine) a list's passage may be than the best sentence's and
    /// still be as close to it: a list passage mixes its items' topics, so it scores a little lower than one sentence's
    /// passage on the same subject, and much lower on another subject.</summary>
    private const double PassageTolerance = 0.1;

    /// <summary>A procedure (numbered steps) answers a "how do I" question when its best step is within this of the
    /// best sentence overall (log-odds).</summary>
    private const double StepsMargin = 3.0;

    public static List<Candidate> Choose(QuestionAnalysis question, List<Candidate> ranked, int maxItems)
    {
        var best = ranked[0];
        if (Introduced(ranked, best) is { } introduced)
        {
            // A sentence that ends in a colon announces what follows ("The board has set three priorities:"): the
            // list or table it introduces is the answer.
            return Whole(ranked, introduced, maxItems);
        }

        if (question.Type == AnswerType.Summary)
        {
            return Summary(ranked, maxItems);
        }

        if (question.Type == AnswerType.Conclusion)
        {
            return Conclusion(ranked, maxItems);
        }

        if (question.WantsSteps && ranked.FirstOrDefault(c => c.Kind == BlockKind.Steps && c.Score >= best.Score - StepsMargin) is { } step)
        {
            return Whole(ranked, step, maxItems);
        }

        if (question.WantsList || question.Type == AnswerType.Recommendation)
        {
            return List(question, ranked, maxItems);
        }

        var chosen = new List<Candidate> { best };
        var runnerUp = ranked.Skip(1).FirstOrDefault();
        if (question.Type == AnswerType.Reason && !AnswerKinds.Has(AnswerType.Reason, best.Text)
            && ranked.FirstOrDefault(c => c.PassageId == best.PassageId && c.Position == best.Position + 1) is { } next)
        {
            // A reason is often given in the sentence after the one that names what it explains.
            chosen.Add(next);
        }

        if (runnerUp is not null && runnerUp.Score >= best.Score - CompanionMargin
            && (!AnswerKinds.IsStrict(question.Type) || runnerUp.Features.TypeMatch > 0))
        {
            chosen.Add(runnerUp);
        }

        return Order(chosen);
    }

    /// <summary>The items of a list or table, or the run of a section's sentences from the best one on, plus the best
    /// sentence of each other passage that scores nearly as well.</summary>
    private static List<Candidate> List(QuestionAnalysis question, List<Candidate> ranked, int maxItems)
    {
        var best = ranked[0];
        var eligible = question.Type == AnswerType.Recommendation && ranked.Any(c => AnswerKinds.Has(AnswerType.Recommendation, c.Text))
            ? ranked.Where(c => AnswerKinds.Has(AnswerType.Recommendation, c.Text) || c.Kind != BlockKind.Prose).ToList()
            : ranked;
        best = eligible.Count > 0 ? eligible[0] : best;

        // Items that belong together are written as a list or a table: one nearly as good as the best sentence, in a
        // passage about as close to the question as the best sentence's, or the one a sentence nearly as good introduces
        // ("…for these reasons:"), is the answer's core.
        if (best.Kind is not (BlockKind.List or BlockKind.Table))
        {
            var near = eligible.Where(c => c.Score >= best.Score - ListMargin).ToList();
            var structured = near.FirstOrDefault(c => c.Kind is BlockKind.List or BlockKind.Table && c.Features.Passage >= best.Features.Passage - PassageTolerance)
                ?? near.Select(c => Introduced(ranked, c)).FirstOrDefault(c => c is not null);
            best = structured ?? best;
        }

        var chosen = best.Kind == BlockKind.Prose
            ? [.. eligible.Where(c => c.PassageId == best.PassageId && (c.Position >= best.Position || c.Score >= best.Score - ListMargin))
                .OrderBy(c => c.Position).Take(maxItems)]
            : Whole(ranked, best, maxItems);
        // When the best sentence's section has more to say, the answer is that section; otherwise the best sentence of
        // each other passage nearly as good.
        var section = best.Hit.Passage.Passage;
        var others = eligible.Where(c => c.PassageId != best.PassageId).ToList();
        var inSection = others.Where(c => SameSection(c.Hit.Passage.Passage, section) && c.Score >= best.Score - SectionMargin).ToList();
        foreach (var other in (inSection.Count > 0 ? inSection : others.Where(c => c.Score >= best.Score - ListMargin)).DistinctBy(c => c.PassageId))
        {
            if (chosen.Count >= maxItems)
            {
                break;
            }

            chosen.Add(other);
        }

        return Order(chosen);
    }

    private static bool SameSection(Passage passage, Passage other) =>
        passage.Heading.Length > 0 && passage.DocumentId == other.DocumentId && passage.Heading == other.Heading;

    private static Candidate? Introduced(List<Candidate> ranked, Candidate best)
    {
        if (best.Kind != BlockKind.Prose || LeadIn.Of(best.Text) is not { } lead)
        {
            return null;
        }

        return ranked.FirstOrDefault(c => c.Kind != BlockKind.Prose && c.Hit.Passage.Passage.DocumentId == best.Hit.Passage.Passage.DocumentId
            && LeadIn.Heads(c.Hit.Passage.Passage.Heading, lead));
    }

    /// <summary>Every item of the passage <paramref name="member"/> belongs to, in its order.</summary>
    private static List<Candidate> Whole(List<Candidate> ranked, Candidate member, int maxItems) =>
        [.. ranked.Where(c => c.PassageId == member.PassageId).OrderBy(c => c.Position).Take(Math.Max(maxItems, member.Hit.Passage.Passage.Sentences.Count))];

    /// <summary>An overview quotes the sentences most central to what was retrieved (closest to the mean of all their
    /// vectors), one per passage, in the order the document tells them.</summary>
    private static List<Candidate> Summary(List<Candidate> ranked, int maxItems)
    {
        var vectors = ranked.Select(s => s.Hit.Passage.SentenceVectors[s.Position]).ToList();
        var centroid = new float[vectors[0].Length];
        foreach (var vector in vectors)
        {
            TensorPrimitives.Add(centroid, vector, centroid);
        }

        return [.. ranked
            .Select((s, i) => (Sentence: s, Centrality: TensorPrimitives.CosineSimilarity(vectors[i], centroid)))
            .GroupBy(x => x.Sentence.PassageId)
            .Select(g => g.MaxBy(x => x.Centrality))
            .OrderByDescending(x => x.Centrality)
            .Take(maxItems)
            .Select(x => x.Sentence)
            .OrderBy(s => s.Hit.Passage.Passage.DocumentId, StringComparer.Ordinal)
            .ThenBy(s => s.Hit.Passage.Passage.Start)];
    }

    /// <summary>A document's conclusion is its last passage: among the retrieved passages of the best-matching document,
    /// the one that stands last, quoted whole.</summary>
    private static List<Candidate> Conclusion(List<Candidate> ranked, int maxItems)
    {
        var document = ranked[0].Hit.Passage.Passage.DocumentId;
        var last = ranked.Where(s => s.Hit.Passage.Passage.DocumentId == document).MaxBy(s => s.Hit.Passage.Passage.Start)!;
        return [.. ranked.Where(s => s.PassageId == last.PassageId).OrderBy(s => s.Position).Take(maxItems)];
    }

    /// <summary>Reading order: passages by retrieval rank, sentences as they stand in the passage.</summary>
    private static List<Candidate> Order(List<Candidate> chosen) =>
        [.. chosen.DistinctBy(c => (c.PassageId, c.Position)).OrderBy(s => s.HitRank).ThenBy(s => s.Position)];

    /// <summary>Writes the answer to every part that is answered, numbering each cited passage once.</summary>
    public static Answer Compose(IReadOnlyList<PartAnswer> parts, double confidence)
    {
        var citations = new List<Citation>();
        var numbers = new Dictionary<Guid, int>();
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            var asList = (part.Question.WantsList || part.Question.WantsSteps || part.Question.Type == AnswerType.Recommendation) && part.Chosen.Count > 1;
            if (text.Length > 0)
            {
                text.Append(asList ? "\n\n" : " ");
            }

            var first = true;
            foreach (var sentence in part.Chosen)
            {
                var passage = sentence.Hit.Passage.Passage;
                if (!numbers.TryGetValue(passage.Id, out var number))
                {
                    number = citations.Count + 1;
                    numbers[passage.Id] = number;
                    citations.Add(Citation.Of(number, sentence.Hit));
                }

                text.Append(asList ? (first ? "- " : "\n- ") : (first ? string.Empty : " "));
                text.Append(sentence.Text).Append(" [").Append(number).Append(']');
                first = false;
            }
        }

        return new Answer(text.ToString(), true, citations, Confidence: Math.Round(confidence, 3));
    }
}
