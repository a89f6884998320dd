using System.Collections.Frozen;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Text;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// Answers by quoting the article: every sentence of the retrieved passages is scored against the question (meaning,
/// shared keywords, and whether it holds the kind of fact asked for) and the best are returned with citations. Returns
/// null when no sentence is close enough to the question, so the caller can say the article does not cover it.
/// </summary>
public sealed class ExtractiveAnswerer(AnsweringOptions options)
{
    private const double DenseWeight = 0.55;
    private const double LexicalWeight = 0.30;
    private const double CueWeight = 0.12;
    private const double RecommendationCueWeight = 0.25;
    private const double RankWeight = 0.03;

    /// <summary>Weight of a keyword carried over from the question a follow-up leans on: the new question decides.</summary>
    private const double CarriedTermWeight = 0.5;

    /// <summary>What a sentence the user has just been shown loses in a follow-up, so the answer moves on.</summary>
    private const double RepeatPenalty = 0.12;

    /// <summary>What the sentence right after one the user has just been shown gains in a follow-up: "what happened
    /// next", "how many left as a result" usually continue the story where the last answer stopped.</summary>
    private const double ContinuationBonus = 0.08;

    /// <summary>A follow-up leans on a question already answered, so it needs this share of the usual support.</summary>
    private const double FollowUpSupportShare = 0.75;

    /// <summary>A second sentence joins a factoid answer when it scores at least this share of the best.</summary>
    private const double CompanionShare = 0.85;

    /// <summary>Sentences of other passages need this share of the best to join a list answer.</summary>
    private const double ListShareOtherPassage = 0.85;

    /// <summary>Earlier sentences of the best passage need this share of the best to join a list answer.</summary>
    private const double ListShareEarlier = 0.7;

    /// <summary>A question naming someone or something the article never mentions is declined unless a sentence is
    /// this close in meaning.</summary>
    private const double UnknownNameDense = 0.6;

    /// <summary>A question most of whose words the article never uses is declined unless a sentence is this close.</summary>
    private const double LowCoverageDense = 0.5;

    private const double LowCoverage = 0.4;

    private const double TypedParaphraseDense = 0.4;

    /// <summary>When the passage to answer from holds less than this share of the question's focus words…</summary>
    private const double LowFocusCoverage = 0.25;

    /// <summary>…it must be at least this close in meaning, or the question is about something the article only
    /// brushes against ("What is the capital of Armenia?").</summary>
    private const double OffFocusDense = 0.56;

    /// <summary>Keyword terms of each passage's sentences, worked out once per passage and kept while it is in use.</summary>
    private static readonly ConditionalWeakTable<IndexedPassage, FrozenSet<string>[]> SentenceTerms = new();

    public Answer? Answer(QuestionAnalysis question, IReadOnlyList<PassageHit> hits, ReadOnlySpan<float> questionVector, string currentQuestion)
    {
        var ranked = Explain(question, hits, questionVector, currentQuestion);
        if (ranked.Count == 0 || !IsSupported(question, ranked))
        {
            return null;
        }

        var best = BestAnswering(question, ranked);
        var chosen = question.Type == AnswerType.Summary ? ChooseSummary(ranked)
            : question.Type == AnswerType.Conclusion ? ChooseConclusion(ranked)
            : question.WantsList ? ChooseList(ranked, best)
            : ChooseFactoid(ranked, best);
        return Compose(chosen, question.WantsList && chosen.Count > 1);
    }

    /// <summary>Every candidate sentence with its evidence, best first.</summary>
    internal static List<ScoredSentence> Explain(QuestionAnalysis question, IReadOnlyList<PassageHit> hits, ReadOnlySpan<float> questionVector, string currentQuestion)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        var candidates = new List<(PassageHit Hit, int Rank, int Position, string Text, float[] Vector, FrozenSet<string> Terms)>();
        for (var rank = 0; rank < hits.Count; rank++)
        {
            var passage = hits[rank].Passage;
            var terms = SentenceTerms.GetValue(passage, ComputeSentenceTerms);
            for (var i = 0; i < passage.Passage.Sentences.Count; i++)
            {
                candidates.Add((hits[rank], rank, i, passage.Passage.Sentences[i].Of(passage.Passage.Text), passage.SentenceVectors[i], terms[i]));
            }
        }

        var sentenceTerms = candidates.Select(c => c.Terms).ToList();
        var weights = KeywordWeights(question.SearchText, currentQuestion, sentenceTerms);
        var totalWeight = weights.Values.Sum(w => w.Weight);
        var cueWeight = question.Type == AnswerType.Recommendation ? RecommendationCueWeight : CueWeight;
        var scored = new List<ScoredSentence>(candidates.Count);
        foreach (var c in candidates)
        {
            double dense = TensorPrimitives.Dot(questionVector, c.Vector);
            var lexical = totalWeight <= 0 ? 0 : weights.Values.Where(w => w.Forms.Overlaps(c.Terms)).Sum(w => w.Weight) / totalWeight;
            var cue = question.Type != AnswerType.Any && AnswerCues.Contains(question.Type, c.Text);
            var repeated = WasShown(question, c.Hit, c.Position);
            var continues = !repeated && c.Position > 0 && WasShown(question, c.Hit, c.Position - 1);
            var score = (DenseWeight * dense) + (LexicalWeight * lexical) + (cue ? cueWeight : 0) + (RankWeight / (1 + c.Rank))
                - (repeated ? RepeatPenalty : 0) + (continues ? ContinuationBonus : 0);
            scored.Add(new ScoredSentence(c.Hit, c.Rank, c.Position, c.Text, dense, lexical, cue, score));
        }

        return [.. scored.OrderByDescending(s => s.Score)];
    }

    /// <summary>The share of the question's focus terms found (allowing one typo) in the passage of the best sentence.</summary>
    private static double FocusCoverage(QuestionScope scope, ScoredSentence best)
    {
        if (scope.FocusTerms.Count == 0)
        {
            return 1;
        }

        var passage = best.Hit.Passage;
        var terms = SentenceTerms.GetValue(passage, ComputeSentenceTerms).SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        return scope.FocusTerms.Count(f => terms.Contains(f) || terms.Any(t => TermMatch.Related(f, t)))
            / (double)scope.FocusTerms.Count;
    }

    private static bool WasShown(QuestionAnalysis question, PassageHit hit, int position) =>
        question.PreviousAnswer?.Contains(hit.Passage.Passage.Sentences[position].Of(hit.Passage.Passage.Text), StringComparison.Ordinal) == true;

    /// <summary>
    /// Whether the article answers at all. A question about a name the article never uses, or mostly in words it never
    /// uses, needs a sentence very close in meaning. Otherwise some sentence must be close in meaning or share the
    /// question's keywords. A
    /// request for the article's recommendations is about the article by definition, so a recommending sentence in the
    /// best passage is support enough.
    /// </summary>
    private bool IsSupported(QuestionAnalysis question, List<ScoredSentence> ranked)
    {
        if (question.Type is AnswerType.Summary or AnswerType.Conclusion)
        {
            return true;
        }

        var closest = ranked.Max(s => s.Dense);
        var scope = question.Scope ?? QuestionScope.Unknown;
        if (scope.UnknownNames.Count > 0 && closest < UnknownNameDense)
        {
            return false;
        }

        // A paraphrase can share few words with the article; a "when" or "how many" question answered by a close
        // sentence holding a date or number is taken on that evidence.
        if (scope.Coverage < LowCoverage && closest < LowCoverageDense
            && !(question.Type is AnswerType.Date or AnswerType.Number && ranked.Any(s => s.HasCue && s.Dense >= TypedParaphraseDense)))
        {
            return false;
        }

        if (question.PreviousAnswer is null && FocusCoverage(scope, ranked[0]) < LowFocusCoverage && closest < OffFocusDense)
        {
            return false;
        }

        var needed = question.PreviousAnswer is null ? options.MinSupport : options.MinSupport * FollowUpSupportShare;
        if (ranked.Max(s => s.Support) >= needed)
        {
            return true;
        }

        return question.Type == AnswerType.Recommendation && ranked.Any(s => s.HasCue && s.HitRank == 0);
    }

    /// <summary>
    /// The sentence to build on. A "when" or "how many" question is answered by a sentence holding a date or a number:
    /// when such a sentence is itself about the question, it wins over a closer sentence that holds none.
    /// </summary>
    private ScoredSentence BestAnswering(QuestionAnalysis question, List<ScoredSentence> ranked)
    {
        if (question.Type is AnswerType.Date or AnswerType.Number && !ranked[0].HasCue)
        {
            return ranked.FirstOrDefault(s => s.HasCue && s.Support >= options.MinSupport) ?? ranked[0];
        }

        return ranked[0];
    }

    /// <summary>Each question keyword weighs by how rare it is among the candidate sentences; words carried over from an
    /// earlier question (follow-ups) weigh half, so the new question decides which sentence answers.</summary>
    /// <remarks>A keyword matches its own form in a sentence or, when no candidate sentence has that form, the forms
    /// one edit away (a typo the question normalizer could not settle).</remarks>
    private static Dictionary<string, (double Weight, HashSet<string> Forms)> KeywordWeights(string searchText, string currentQuestion, List<FrozenSet<string>> sentenceTerms)
    {
        var current = TermTokenizer.Terms(currentQuestion).ToHashSet(StringComparer.Ordinal);
        var vocabulary = sentenceTerms.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        var weights = new Dictionary<string, (double, HashSet<string>)>(StringComparer.Ordinal);
        foreach (var term in TermTokenizer.Terms(searchText).Distinct(StringComparer.Ordinal).Where(t => !QuestionScopeEstimator.MetaTerms.Contains(t)))
        {
            var forms = vocabulary.Contains(term)
                ? new HashSet<string>(StringComparer.Ordinal) { term }
                : vocabulary.Where(t => TermMatch.Related(term, t)).ToHashSet(StringComparer.Ordinal);
            var df = sentenceTerms.Count(forms.Overlaps);
            var idf = Math.Log(1 + (sentenceTerms.Count / (1.0 + df)));
            weights[term] = (idf * (current.Contains(term) ? 1.0 : CarriedTermWeight), forms);
        }

        return weights;
    }

    private static FrozenSet<string>[] ComputeSentenceTerms(IndexedPassage passage) =>
        [.. passage.Passage.Sentences.Select(s => TermTokenizer.Terms(s.Of(passage.Passage.Text)).ToFrozenSet(StringComparer.Ordinal))];

    private static List<ScoredSentence> ChooseFactoid(List<ScoredSentence> ranked, ScoredSentence best)
    {
        var chosen = new List<ScoredSentence> { best };
        var runnerUp = ranked.FirstOrDefault(s => s != best);
        if (runnerUp is not null && runnerUp.Score >= CompanionShare * best.Score && (!best.HasCue || runnerUp.HasCue))
        {
            chosen.Add(runnerUp);
        }

        return Order(chosen);
    }

    /// <summary>
    /// A list is usually written as a run: a sentence that opens the topic ("several issues hinder a peace agreement")
    /// and the sentences after it that name the items. So the answer is the best sentence and the rest of its passage,
    /// plus earlier sentences of that passage and sentences elsewhere that score nearly as well.
    /// </summary>
    private List<ScoredSentence> ChooseList(List<ScoredSentence> ranked, ScoredSentence best)
    {
        var run = ranked.Where(s => s.Hit == best.Hit && (s.Position >= best.Position || s.Score >= ListShareEarlier * best.Score));
        var elsewhere = ranked.Where(s => s.Hit != best.Hit && s.Score >= ListShareOtherPassage * best.Score);
        var chosen = run.OrderBy(s => s.Position).Take(options.MaxListSentences).ToList();
        chosen.AddRange(elsewhere.Take(Math.Max(0, options.MaxListSentences - chosen.Count)));
        return Order(chosen);
    }

    /// <summary>
    /// An overview quotes the sentences most central to what was retrieved (closest to the mean of all their vectors),
    /// one per passage, in the order the document tells them.
    /// </summary>
    private List<ScoredSentence> ChooseSummary(List<ScoredSentence> ranked)
    {
        var vectors = ranked.Select(s => s.Hit.Passage.SentenceVectors[s.Position]).ToList();
        var centroid = new float[vectors[0].Length];
        foreach (var vector in vectors)
        {
            TensorPrimitives.Add(centroid, vector, centroid);
        }

        return [.. ranked
            .Select((s, i) => (Sentence: s, Centrality: TensorPrimitives.CosineSimilarity(vectors[i], centroid)))
            .GroupBy(x => x.Sentence.Hit)
            .Select(g => g.MaxBy(x => x.Centrality))
            .OrderByDescending(x => x.Centrality)
            .Take(options.MaxListSentences)
            .Select(x => x.Sentence)
            .OrderBy(s => s.Hit.Passage.Passage.DocumentId, StringComparer.Ordinal)
            .ThenBy(s => s.Hit.Passage.Passage.Start)];
    }

    /// <summary>A document's conclusion is its last passage: among the retrieved passages of the best-matching document,
    /// the one that stands last, quoted whole.</summary>
    private List<ScoredSentence> ChooseConclusion(List<ScoredSentence> ranked)
    {
        var document = ranked[0].Hit.Passage.Passage.DocumentId;
        var last = ranked.Where(s => s.Hit.Passage.Passage.DocumentId == document).MaxBy(s => s.Hit.Passage.Passage.Start)!.Hit;
        return [.. ranked.Where(s => s.Hit == last).OrderBy(s => s.Position).Take(options.MaxListSentences)];
    }

    /// <summary>Reading order: passages by retrieval rank, sentences as they stand in the passage.</summary>
    private static List<ScoredSentence> Order(List<ScoredSentence> chosen) =>
        [.. chosen.OrderBy(s => s.HitRank).ThenBy(s => s.Position)];

    private static Answer Compose(List<ScoredSentence> chosen, bool asList)
    {
        var citations = new List<Citation>();
        var numbers = new Dictionary<Guid, int>();
        var text = new StringBuilder();
        foreach (var sentence in chosen)
        {
            var passage = sentence.Hit.Passage.Passage;
            if (!numbers.TryGetValue(passage.Id, out var number))
            {
                number = citations.Count + 1;
                numbers[passage.Id] = number;
                citations.Add(new Citation(
                    number, passage.Id, passage.DocumentId, passage.Title, passage.SourceUrl, passage.ParagraphIndex, passage.Text,
                    Math.Round(sentence.Hit.DenseScore, 4)));
            }

            if (asList)
            {
                text.Append(text.Length == 0 ? "- " : "\n- ");
            }
            else if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(sentence.Text).Append(" [").Append(number).Append(']');
        }

        return new Answer(text.ToString(), true, citations);
    }
}
