using System.Globalization;
using System.Text;

namespace ChatBot.Answering;

/// <summary>
/// Where one answer's time went, by step (<c>llm</c>: waiting on the language model; <c>verify-encode</c>: the sentence
/// model reading the model's claims), for the <c>Server-Timing</c> header: a client or the benchmark tells the bot's
/// own work from the models'. Ambient for the request that began it, so the steps need no parameter for it; without
/// one begun, recording costs nothing.
/// </summary>
public sealed class AnswerTimings
{
    public const string Llm = "llm";
    public const string VerifyEncode = "verify-encode";

    private static readonly AsyncLocal<AnswerTimings?> Ambient = new();

    private readonly Dictionary<string, double> _milliseconds = new(StringComparer.Ordinal);

    /// <summary>Starts collecting the steps of the answer the calling request is about to compute.</summary>
    public static AnswerTimings Begin() => Ambient.Value = new AnswerTimings();

    public static void Add(string step, TimeSpan elapsed)
    {
        if (Ambient.Value is { } timings)
        {
            lock (timings._milliseconds)
            {
                timings._milliseconds[step] = timings._milliseconds.GetValueOrDefault(step) + elapsed.TotalMilliseconds;
            }
        }
    }

    /// <summary>The header value: the whole answer first, then each step ("answer;dur=6.10, llm;dur=1.20").</summary>
    public string ToHeader(TimeSpan answer)
    {
        var header = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"answer;dur={answer.TotalMilliseconds:F2}"));
        lock (_milliseconds)
        {
            foreach (var (step, milliseconds) in _milliseconds)
            {
                header.Append(CultureInfo.InvariantCulture, $", {step};dur={milliseconds:F2}");
            }
        }

        return header.ToString();
    }
}
