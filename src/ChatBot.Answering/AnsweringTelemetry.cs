using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatBot.Answering;

/// <summary>
/// The answering step's spans (<c>answer</c>, and <c>llm</c> for a model's call) and metrics, for OpenTelemetry. Tags
/// carry counts and outcomes, never the question's or the answer's text.
/// </summary>
public static class AnsweringTelemetry
{
    public const string Name = "ChatBot.Answering";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Answers = Meter.CreateCounter<long>("chatbot.answers", description: "Questions answered, by whether the documents covered them");

    public static readonly Counter<long> Declines = Meter.CreateCounter<long>("chatbot.declines", description: "Questions declined: not covered, or a task change");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("chatbot.answer.duration", unit: "ms", description: "Time to answer a question");

    public static readonly Counter<long> LlmFallbacks = Meter.CreateCounter<long>("chatbot.llm.fallbacks", description: "LLM answers replaced by the quoted answer, by reason");

    public static readonly Counter<long> LlmAnswers = Meter.CreateCounter<long>("chatbot.llm.answers", description: "Answers written by the LLM and verified");
}
