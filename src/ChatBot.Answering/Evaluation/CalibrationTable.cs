using System.Globalization;
using System.Text;

namespace ChatBot.Answering.Evaluation;

/// <summary>How often answers of each confidence are right: the check that <see cref="Answer.Confidence"/> reads as a
/// probability.</summary>
public static class CalibrationTable
{
    private static readonly double[] Bounds = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0000001];

    public static IReadOnlyList<(double From, double To, int Count, int Right)> Buckets(IEnumerable<EvalResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        return [.. Bounds.Zip(Bounds.Skip(1)).Select(b =>
        {
            var inBucket = list.Where(r => r.Answer.Confidence >= b.First && r.Answer.Confidence < b.Second).ToList();
            return (b.First, Math.Min(b.Second, 1), inBucket.Count, inBucket.Count(r => r.Passed));
        })];
    }

    /// <summary>The table as Markdown: confidence bucket, answers in it, share right.</summary>
    public static string ToMarkdown(IEnumerable<EvalResult> results)
    {
        var text = new StringBuilder("| confidence | answers | right |\n|---|---|---|\n");
        foreach (var (from, to, count, right) in Buckets(results))
        {
            var share = count == 0 ? "–" : (right / (double)count).ToString("P0", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"| {from:0.0#}–{to:0.0#} | {count} | {share} |\n");
        }

        return text.ToString();
    }
}
