using System.ComponentModel.DataAnnotations;

namespace ChatBot.Answering;

/// <summary>How questions are answered.</summary>
public sealed class AnsweringOptions
{
    public const string Section = "Answering";

    /// <summary>Longest question accepted, in characters.</summary>
    [Range(10, 100_000)]
    public int MaxQuestionLength { get; set; } = 1000;

    /// <summary>Passages retrieved per question.</summary>
    [Range(1, 50)]
    public int Passages { get; set; } = 5;

    /// <summary>Most sentences quoted in an answer to a list question.</summary>
    [Range(1, 20)]
    public int MaxListSentences { get; set; } = 6;

    /// <summary>Below this support (best sentence similarity plus keyword evidence) the bot says the corpus does not
    /// cover the question instead of answering.</summary>
    [Range(0.0, 1.0)]
    public double MinSupport { get; set; } = 0.46;
}
