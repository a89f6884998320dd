using ChatBot.Answering.Extractive;

namespace ChatBot.Answering.Evaluation;

/// <summary>One candidate sentence of one labelled question (part): its features, and whether it holds an expected
/// answer (always false for a question the bot must decline).</summary>
public sealed record TrainingSample(string Set, string Case, int Part, bool Abstain, bool Label, double[] Features);

/// <summary>
/// Fits the <see cref="AnswerModel"/> on labelled candidates. The scorer is a logistic regression (L2-regularised,
/// batch gradient descent; a dozen lines, so no machine-learning library is taken on for it), each question part
/// weighing the same whatever its number of candidates. The calibration is a logistic regression of whether the best
/// candidate holds the answer on its score, the question's missing share and whether its focus is missing, so the confidence reads as a probability
/// at question level.
/// </summary>
public static class AnswerModelFit
{
    private const double Regularisation = 0.001;
    private const int Iterations = 8000;
    private const double LearningRate = 0.5;

    public static AnswerModel Fit(IReadOnlyList<TrainingSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var groups = samples.GroupBy(s => (s.Set, s.Case, s.Part)).ToList();
        if (groups.Count == 0)
        {
            throw new InvalidOperationException("There are no samples to fit on.");
        }

        // Within a part, positives and negatives each carry half its weight, so a long passage does not outweigh a
        // short one and rare positives are not drowned.
        var rows = new List<(double[] X, double Y, double W)>();
        foreach (var group in groups)
        {
            var positives = group.Count(s => s.Label);
            var negatives = group.Count() - positives;
            foreach (var sample in group)
            {
                var w = sample.Label ? 0.5 / positives : (positives == 0 ? 1.0 : 0.5) / negatives;
                rows.Add((sample.Features, sample.Label ? 1 : 0, w));
            }
        }

        var (bias, weights) = Logistic(rows, CandidateFeatures.Count);
        var scorer = new AnswerModel(bias, weights, 1, 0, 0, 0);

        var best = groups.Select(g => Best(g, scorer).Sample)
            .Select(s => (Features: ToFeatures(s.Features), s.Label))
            .Select(s => (X: new[] { scorer.Score(s.Features), s.Features.Missing, s.Features.FocusMissing }, Y: s.Label ? 1.0 : 0.0, W: 1.0))
            .ToList();
        var (shift, calibration) = Logistic(best, 3);
        return scorer with { CalibrationScale = calibration[0], CalibrationMissing = calibration[1], CalibrationFocus = calibration[2], CalibrationShift = shift };
    }

    /// <summary>The decline threshold (<c>Answering:MinConfidence</c>, in steps of 0.05) under which the most question
    /// parts of <paramref name="samples"/> would get a right reply: the best candidate holding the answer when
    /// answerable and confident enough, a decline when not answerable and not confident enough.</summary>
    public static (double Threshold, int Right, int Parts) DeclineThreshold(IReadOnlyList<TrainingSample> samples, AnswerModel model)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(model);
        var best = samples.GroupBy(s => (s.Set, s.Case, s.Part))
            .Select(g => Best(g, model))
            .Select(b => (b.Sample.Abstain, b.Sample.Label, b.Typed, Confidence: model.Confidence(model.Score(ToFeatures(b.Sample.Features)), ToFeatures(b.Sample.Features))))
            .ToList();
        return Enumerable.Range(1, 19).Select(i => i / 20.0)
            .Select(t => (Threshold: t, Right: best.Count(b => b.Abstain ? !b.Typed || b.Confidence < t : b.Typed && b.Confidence >= t && b.Label), Parts: best.Count))
            .MaxBy(r => r.Right);
    }

    /// <summary>The candidate the answerer would answer with, as it chooses: the best that holds the kind of fact the
    /// question needs (candidates without it have type match -1); when none does, the answer is declined
    /// (<c>Typed</c> false) and the best of the others stands for how sure that decline is.</summary>
    private static (TrainingSample Sample, bool Typed) Best(IEnumerable<TrainingSample> group, AnswerModel model)
    {
        var typed = group.Where(s => ToFeatures(s.Features).TypeMatch >= 0).MaxBy(s => model.Score(ToFeatures(s.Features)));
        return typed is not null ? (typed, true) : (group.MaxBy(s => model.Score(ToFeatures(s.Features)))!, false);
    }

    private static CandidateFeatures ToFeatures(double[] x) => CandidateFeatures.FromArray(x);

    private static (double Bias, double[] Weights) Logistic(List<(double[] X, double Y, double W)> rows, int dimensions)
    {
        var weights = new double[dimensions];
        var bias = 0.0;
        var total = rows.Sum(r => r.W);
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var gradient = new double[dimensions];
            var gradientBias = 0.0;
            foreach (var (x, y, w) in rows)
            {
                var z = bias;
                for (var i = 0; i < dimensions; i++)
                {
                    z += weights[i] * x[i];
                }

                var error = (AnswerModel.Sigmoid(z) - y) * w;
                gradientBias += error;
                for (var i = 0; i < dimensions; i++)
                {
                    gradient[i] += error * x[i];
                }
            }

            bias -= LearningRate * gradientBias / total;
            for (var i = 0; i < dimensions; i++)
            {
                weights[i] -= LearningRate * ((gradient[i] / total) + (Regularisation * weights[i]));
            }
        }

        return (bias, weights);
    }
}
