using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;

namespace ChatBot.Knowledge.Tests.Index;

public sealed class Bm25IndexTests
{
    private static readonly Bm25Index Index = new([
        "The conflict concluded with a Russia-brokered ceasefire on November 10, 2020.",
        "Russian peacekeepers began withdrawing from Nagorno-Karabakh in April 2024.",
        "France has taken a dual stance, supporting Armenia.",
    ]);

    [Fact]
    public void Score_ExactTerms_RankTheMatchingPassageFirst()
    {
        var scores = Index.Score("When did the peacekeepers withdraw?");

        Assert.Equal(1, Array.IndexOf(scores, scores.Max()));
        Assert.Equal(0, scores[2]);
    }

    [Theory]
    [InlineData("cease fire")]
    [InlineData("ceasfire")]
    [InlineData("Karabah peacekeepers")]
    public void Score_TyposAndSpacing_StillFindThePassage(string query)
    {
        var scores = Index.Score(query);

        Assert.True(scores.Max() > 0);
        Assert.Equal(query.Contains("peace", StringComparison.Ordinal) ? 1 : 0, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public void Score_NoSharedTerm_IsZeroEverywhere()
    {
        Assert.All(Index.Score("weather forecast"), s => Assert.Equal(0, s));
    }

    [Fact]
    public void Fusion_AddsReciprocalRanks()
    {
        var scores = new double[3];

        ReciprocalRankFusion.Accumulate([2, 0], scores);
        ReciprocalRankFusion.Accumulate([0], scores);

        Assert.Equal((1.0 / 62) + (1.0 / 61), scores[0], 12);
        Assert.Equal(1.0 / 61, scores[2], 12);
        Assert.Equal(0, scores[1]);
    }
}
