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
    public int MaxListSentences { get; set; } = 8;

    /// <summary>Below this confidence (the calibrated probability that the best answer is right) the bot says the
    /// documents do not cover the question instead of answering. <c>fit</c> prints the threshold that gives the most
    /// right replies (answers and declines together) over the labelled sets it fits on: 0.30 for the shipped model.
    /// It is low because the confidence is that of the single best sentence, and an answer of several sentences is
    /// right more often than that.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.30;
}
