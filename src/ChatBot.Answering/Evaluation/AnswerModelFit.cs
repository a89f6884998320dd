using ChatBot.Answering.Extractive;

namespace ChatBot.Answering.Evaluation;

/// <summary>One candidate sentence of one labelled question (part): its features, and whether it holds an expected
/// answer (always false for a question the bot must decline).</summary>
public sealed record TrainingSample(string Set, string Case, int Part, bool Abstain, bool Label, double[] Features);

/// <summary>
/// Fits the <see cref="AnswerModel"/> on labelled candidates. The scorer is a logistic regression (L2-regularised,
/// batch gradient descent; a dozen lines, so no machine-learning library is taken on for it), each question part
/// weighing the same whatever its number of candidates. The calibration is Platt scaling of the best candidate's score
/// against whether that candidate holds the answer, so the confidence reads as a probability at question level.
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
        var scorer = new AnswerModel(bias, weights, 1, 0);

        var best = groups.Select(g => g.MaxBy(s => scorer.Score(ToFeatures(s.Features)))!)
            .Select(s => (X: new[] { scorer.Score(ToFeatures(s.Features)) }, Y: s.Label ? 1.0 : 0.0, W: 1.0)).ToList();
        var (shift, scale) = Logistic(best, 1);
        return scorer with { CalibrationScale = scale[0], CalibrationShift = shift };
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
