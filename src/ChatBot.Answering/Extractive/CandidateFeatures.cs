namespace ChatBot.Answering.Extractive;

/// <summary>The evidence that one sentence answers one question, each feature general to any documents.</summary>
/// <param name="Dense">Cosine similarity of the question and the sentence (MiniLM).</param>
/// <param name="Passage">Cosine similarity of the question and the sentence's passage, heading included.</param>
/// <param name="Coverage">Weighted share (rare terms weigh more) of the question's key terms found in the sentence, its
/// heading or, at half weight, the rest of its passage; a term found only as a word close in meaning counts at
/// <see cref="TermCoverage.ParaphraseCredit"/>.</param>
/// <param name="Overlap">Weighted share of the question's key terms found in the sentence itself.</param>
/// <param name="TypeMatch">1 when the question expects a kind of answer (a date, an amount…) and the sentence holds
/// one, -1 when it expects one and the sentence holds none, 0 when it expects none.</param>
/// <param name="Missing">The weight share of key terms no retrieved passage holds, in any form or in other words (the
/// documents may use the word elsewhere, in passages about something else): what SQuAD 2.0-style unanswerable questions
/// ask about.</param>
/// <param name="FocusMissing">1 when what the question asks to identify or count ("the mayor", "soldiers"), or what
/// it says happened to what it counts ("died"), is a word the documents never use and the retrieved passages never say
/// in other words: nothing there can be its answer.</param>
/// <param name="Structured">1 when the sentence has the shape the question asks for: a step, item or row for "how do
/// I…", an item of a list or a table row for a list question; 0 otherwise.</param>
public readonly record struct CandidateFeatures(double Dense, double Passage, double Coverage, double Overlap, double TypeMatch, double Missing, double Structured, double FocusMissing)
{
    public const int Count = 8;

    public static IReadOnlyList<string> Names { get; } = ["dense", "passage", "coverage", "overlap", "typeMatch", "missing", "structured", "focusMissing"];

    public double[] ToArray() => [Dense, Passage, Coverage, Overlap, TypeMatch, Missing, Structured, FocusMissing];

    public static CandidateFeatures FromArray(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Length == Count ? new(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7])
            : throw new ArgumentException($"Expected {Count} features, got {x.Length}.", nameof(x));
    }
}
