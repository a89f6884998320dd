using ChatBot.Knowledge.Index;

namespace ChatBot.Answering.Extractive;

/// <summary>A sentence of a retrieved passage with the evidence that it answers the question.</summary>
/// <param name="HitRank">Rank of its passage in retrieval (0 = best).</param>
/// <param name="Position">Index of the sentence within its passage.</param>
/// <param name="Dense">Cosine similarity of the sentence to the question.</param>
/// <param name="Lexical">Weighted share of the question's keywords found in the sentence (0 to 1).</param>
/// <param name="HasCue">True when the sentence holds the kind of fact the question asks for.</param>
internal sealed record ScoredSentence(
    PassageHit Hit,
    int HitRank,
    int Position,
    string Text,
    double Dense,
    double Lexical,
    bool HasCue,
    double Score)
{
    /// <summary>How strongly the sentence is about the question at all, independent of ranking cues.</summary>
    public double Support => Dense + (0.35 * Lexical);
}
