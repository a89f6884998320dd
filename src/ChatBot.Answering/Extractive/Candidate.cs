using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Index;

namespace ChatBot.Answering.Extractive;

/// <summary>A sentence (or list item, or table row) of a retrieved passage with its evidence and score.</summary>
/// <param name="HitRank">Rank of its passage in retrieval (0 = best).</param>
/// <param name="Position">Index of the sentence within its passage.</param>
/// <param name="Score">Log-odds that it answers the question (<see cref="AnswerModel.Score"/>).</param>
internal sealed record Candidate(PassageHit Hit, int HitRank, int Position, string Text, CandidateFeatures Features, double Score)
{
    public BlockKind Kind => Hit.Passage.Passage.Kind;

    public Guid PassageId => Hit.Passage.Passage.Id;
}
