using ChatBot.Knowledge.Text;
using ChatBot.Tests.Shared;

namespace ChatBot.Knowledge.Tests.Text;

public sealed class SentenceSplitterTests
{
    private static List<string> Split(string text) => [.. SentenceSplitter.Split(text).Select(s => s.Of(text))];

    [Theory]
    [InlineData("The U.S. has encouraged direct negotiations. France has taken a dual stance.", 2)]
    [InlineData("The ceasefire was signed on Nov. 10 in Moscow. It held.", 2)]
    [InlineData("Several issues, e.g. the constitution, remain. Talks go on.", 2)]
    [InlineData("Turnout rose to 3.5 percent. Officials were pleased.", 2)]
    [InlineData("Dr. Smith and J. R. Jones met Gen. Brown. They talked.", 2)]
    [InlineData("Is peace near? Nobody knows! Talks continue.", 3)]
    [InlineData("He said \"We will sign.\" Then he left.", 2)]
    [InlineData("Talks stalled... Then they resumed.", 2)]
    [InlineData("No terminal punctuation here", 1)]
    public void Split_NewsProse_CountsSentences(string text, int expected)
    {
        Assert.Equal(expected, Split(text).Count);
    }

    [Fact]
    public void Split_AbbreviationInsideSentence_KeepsSentenceWhole()
    {
        var sentences = Split("The U.S. has encouraged direct negotiations between Armenia and Azerbaijan. France disagrees.");

        Assert.Equal("The U.S. has encouraged direct negotiations between Armenia and Azerbaijan.", sentences[0]);
    }

    [Fact]
    public void Split_DottedAbbreviationBeforeSentenceOpener_EndsSentence()
    {
        var sentences = Split("Talks were backed by the U.S. The next round is in May.");

        Assert.Equal(["Talks were backed by the U.S.", "The next round is in May."], sentences);
    }

    [Fact]
    public void Split_ClosingQuote_StaysWithItsSentence()
    {
        var sentences = Split("Governments should unfreeze “civil diplomacy.” Civil society agrees.");

        Assert.Equal("Governments should unfreeze “civil diplomacy.”", sentences[0]);
    }

    [Fact]
    public void Split_Article_FindsEverySentenceOfTheObstaclesParagraph()
    {
        var paragraph = File.ReadAllLines(RepositoryPaths.Article).Single(l => l.StartsWith("Despite progress", StringComparison.Ordinal));

        var sentences = Split(paragraph);

        Assert.Equal(7, sentences.Count);
        Assert.StartsWith("Specifically, Armenia's constitutional recognition", sentences[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_Spans_PointIntoTheText()
    {
        const string text = "  First one.   Second one.  ";

        var spans = SentenceSplitter.Split(text);

        Assert.Equal([new TextSpan(2, 10), new TextSpan(15, 11)], spans);
    }
}
