using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// Answers one question (part) by quoting the documents: every sentence, list item and table row of the retrieved
/// passages is scored by the fitted <see cref="AnswerModel"/> from general features (meaning, key-term coverage in
/// context, the expected kind of answer, terms the documents never use), and the best are chosen by the shape of the
/// question (<see cref="AnswerComposer"/>). The best score, calibrated, is the answer's confidence.
/// </summary>
public sealed class ExtractiveAnswerer(AnsweringOptions options, TermVectors vectors)
{
    /// <summary>What a sentence the user has just been shown loses (log-odds) in a follow-up, so the answer moves on.</summary>
    private const double RepeatPenalty = 1.0;

    /// <summary>Sentences, best first by meaning, whose words are compared in meaning with the question's.</summary>
    private const int ParaphraseCandidates = 12;

    /// <summary>The documents' words searched for in place of one of the question's ("height" and "higher" for
    /// "tall"): a word's closest match is not always the one the answer uses.</summary>
    private const int RewordingsPerWord = 2;

    private static readonly ConditionalWeakTable<IndexedPassage, PassageContext> Contexts = new();

    private AnswerModel Model { get; } = AnswerModel.Shipped;

    /// <summary>The chosen sentences and the confidence that they answer; null when nothing was retrieved.</summary>
    internal async Task<PartAnswer?> AnswerAsync(
        QuestionAnalysis question,
        IReadOnlyList<PassageHit> hits,
        float[] questionVector,
        Action<QuestionAnalysis, IReadOnlyList<Candidate>>? trace,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        var ranked = await RankAsync(question, hits, questionVector, cancellationToken).ConfigureAwait(false);
        trace?.Invoke(question, ranked);
        ranked.RemoveAll(c => question.Quoted.Contains(c.Text));

        if (ranked.Count == 0)
        {
            return null;
        }

        // A question that needs a kind of fact (a date, an amount, a name) is not answered by a sentence that holds
        // none, however well it matches the rest: when no sentence holds one, the documents do not give it. The
        // decline is then as sure as the best of those sentences would have been wrong.
        if (AnswerKinds.IsStrict(question.Type))
        {
            var untyped = ranked[0];
            ranked.RemoveAll(c => c.Features.TypeMatch < 0);
            if (ranked.Count == 0)
            {
                return new PartAnswer(question, [], Model.Confidence(Model.Score(untyped.Features), untyped.Features));
            }
        }

        var best = ranked[0];
        var chosen = AnswerComposer.Choose(question, ranked, options.MaxListSentences);
        // The repeat penalty only moves a follow-up's answer on; how sure the answer is comes from its evidence.
        var score = Model.Score(best.Features);
        return new PartAnswer(question, chosen, Model.Confidence(score, best.Features));
    }

    /// <summary>The documents' own words for the question's words they never use, found in what was retrieved
    /// ("total" for "overall", "height" for "tall"): searching with them too finds passages the question's wording
    /// missed.</summary>
    internal async Task<IReadOnlyList<string>> RewordingsAsync(
        QuestionAnalysis question, IReadOnlyList<PassageHit> hits, float[] questionVector, CancellationToken cancellationToken)
    {
        var foreign = question.KeyTerms.Where(k => !k.InDocuments && k.Word.All(char.IsLetter)).Select(k => k.Word).ToList();
        if (foreign.Count == 0)
        {
            return [];
        }

        var words = Closest(hits.SelectMany(h => Contexts.GetValue(h.Passage, PassageContext.Of).Sentences
                .Select((s, i) => (s, (double)TensorPrimitives.Dot(questionVector, h.Passage.SentenceVectors[i])))))
            .SelectMany(s => s.Words).Distinct(StringComparer.Ordinal).ToList();
        await vectors.PrepareAsync([.. foreign, .. words], cancellationToken).ConfigureAwait(false);
        return [.. foreign.SelectMany(f => vectors.Similar(f, words).Where(c => c.Similarity >= TermVectors.SameIdea)
            .OrderByDescending(c => c.Similarity).Take(RewordingsPerWord)).Select(c => c.Word).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every candidate sentence with its features and score, best first.</summary>
    internal async Task<List<Candidate>> RankAsync(QuestionAnalysis question, IReadOnlyList<PassageHit> hits, float[] questionVector, CancellationToken cancellationToken)
    {
        var raw = new List<(PassageHit Hit, int Rank, int Position, string Text, SentenceContext Context, double Dense)>();
        for (var rank = 0; rank < hits.Count; rank++)
        {
            var passage = hits[rank].Passage;
            var context = Contexts.GetValue(passage, PassageContext.Of);
            for (var i = 0; i < passage.Passage.Sentences.Count; i++)
            {
                raw.Add((hits[rank], rank, i, context.Texts[i], context.Sentences[i],
                    TensorPrimitives.Dot(questionVector, passage.SentenceVectors[i])));
            }
        }

        // Words of the question a sentence lacks are compared in meaning with that sentence's words; numbers are
        // matched as written, never by meaning.
        // Only the sentences closest in meaning are read word by word: embedding every word retrieved would cost a new
        // question a tenth of a second.
        var closest = Closest(raw.Select(c => (c.Context, c.Dense)));
        var lacking = question.KeyTerms.Where(k => TermTokenizer.HasLetter(k.Word) && closest.Any(c => !c.Sentence.Contains(k.Term))).Select(k => k.Word).ToList();
        var words = closest.SelectMany(c => c.Words).Distinct(StringComparer.Ordinal).ToList();
        if (lacking.Count > 0 || question.Focus.Count > 0)
        {
            await vectors.PrepareAsync([.. lacking, .. question.Focus, .. words], cancellationToken).ConfigureAwait(false);
        }

        var lookup = new TermLookup(vectors);
        // A word the documents use elsewhere but no retrieved passage holds is as absent as one they never use: the
        // passages that speak of the rest of the question do not speak of it.
        // Exact forms are looked for in every passage before any is searched for a near form, which costs far more.
        var passages = raw.Select(c => c.Context).DistinctBy(c => c.Passage).ToList();
        bool Retrieved(KeyTerm k) => passages.Any(c => c.Passage.Contains(k.Term) || c.Heading.Contains(k.Term))
            || passages.Any(c => lookup.Matches(k.Term, c.Passage, shared: true) || lookup.Matches(k.Term, c.Heading, shared: true));
        var absent = question.KeyTerms
            .Where(k => (!k.InDocuments || (!k.Carried && !Retrieved(k))) && (!TermTokenizer.HasLetter(k.Word) || !lookup.SameIdea(k.Word, words)))
            .Select(k => k.Term).ToHashSet(StringComparer.Ordinal);
        var predicate = QuestionFocus.PredicateOf(question.Text);
        var focusMissing = question.Focus.Any(f => !QuestionFocus.IsPlaceholder(f) && absent.Contains(TermTokenizer.Stem(f)))
            || (predicate is not null && absent.Contains(TermTokenizer.Stem(predicate))) ? 1 : 0;

        var candidates = new List<Candidate>(raw.Count);
        foreach (var c in raw)
        {
            var continues = question.PreviousAnswer is { } previous
                && Contexts.GetValue(c.Hit.Passage, PassageContext.Of).Texts.Any(s => previous.Contains(s, StringComparison.Ordinal));
            var (coverage, overlap, missing) = TermCoverage.Measure(question.KeyTerms, c.Context, lookup, continues, absent);
            // Steps answer "how do I…"; a list question ("What kinds of membership are there?") wants items or rows.
            var kind = c.Hit.Passage.Passage.Kind;
            var structured = (question.WantsSteps && kind != BlockKind.Prose) || (question.WantsList && kind is BlockKind.List or BlockKind.Table) ? 1 : 0;
            var features = new CandidateFeatures(c.Dense, c.Hit.DenseScore, coverage, overlap, TypedMatch.Of(question, c.Text, c.Context, lookup), missing, structured, focusMissing);
            var score = Model.Score(features) - (WasShown(question, c.Text) ? RepeatPenalty : 0);
            candidates.Add(new Candidate(c.Hit, c.Rank, c.Position, c.Text, features, score));
        }

        return [.. candidates.OrderByDescending(c => c.Score)];
    }

    /// <summary>The <see cref="ParaphraseCandidates"/> sentences closest in meaning to the question.</summary>
    private static List<SentenceContext> Closest(IEnumerable<(SentenceContext Context, double Dense)> sentences) =>
        [.. sentences.OrderByDescending(s => s.Dense).Take(ParaphraseCandidates).Select(s => s.Context)];

    private static bool WasShown(QuestionAnalysis question, string sentence) =>
        question.PreviousAnswer?.Contains(sentence, StringComparison.Ordinal) == true;

    /// <summary>The words of a passage worked out once and kept while the passage is in use.</summary>
    private sealed record PassageContext(IReadOnlyList<SentenceContext> Sentences, IReadOnlyList<string> Texts)
    {
        public static PassageContext Of(IndexedPassage indexed)
        {
            var passage = indexed.Passage;
            var heading = TermTokenizer.Terms(passage.Heading).ToHashSet(StringComparer.Ordinal);
            var headingWords = ContentWords(passage.Heading).ToList();
            var all = TermTokenizer.Terms(passage.Text).ToHashSet(StringComparer.Ordinal);
            var sentences = passage.Sentences.Select(s => TermTokenizer.Terms(s.Of(passage.Text)).ToHashSet(StringComparer.Ordinal)).ToList();
            var none = new HashSet<string>(StringComparer.Ordinal);
            return new PassageContext([.. passage.Sentences.Select((s, i) => new SentenceContext(
                sentences[i], heading, i > 0 && passage.Kind == BlockKind.Prose ? sentences[i - 1] : none, all,
                [.. ContentWords(s.Of(passage.Text)).Concat(headingWords).Distinct(StringComparer.Ordinal)]))],
                [.. passage.Sentences.Select(s => s.Of(passage.Text))]);
        }

        private static IEnumerable<string> ContentWords(string text) =>
            TermTokenizer.Words(text).Where(w => !TermTokenizer.IsStopWord(w) && TermTokenizer.HasLetter(w));
    }
}

/// <summary>What the extractive answerer found for one question (part).</summary>
/// <param name="Chosen">The answering sentences; none when no sentence holds the kind of fact the question needs.</param>
/// <param name="Confidence">Calibrated probability that the answer is right (with none chosen: that the best sentence
/// would have been).</param>
internal sealed record PartAnswer(QuestionAnalysis Question, IReadOnlyList<Candidate> Chosen, double Confidence);
