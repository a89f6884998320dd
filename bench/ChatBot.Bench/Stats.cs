using System.Globalization;

namespace ChatBot.Bench;

/// <summary>Percentiles of a sample of durations, in milliseconds.</summary>
internal sealed record Stats(double P50, double P95, double P99, int Count)
{
    public static Stats Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new Stats(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted.Length);
    }

    private static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {P50,7:F2} ms   p95 {P95,7:F2} ms   p99 {P99,7:F2} ms   (n={Count})");
}
