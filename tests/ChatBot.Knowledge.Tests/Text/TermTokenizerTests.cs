using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Tests.Text;

public sealed class TermTokenizerTests
{
    [Fact]
    public void Terms_PronounUs_IsAFunctionWordNotTheAcronym()
    {
        Assert.Empty(TermTokenizer.Terms("tell us"));
        Assert.Equal(["u.s", "i.t"], TermTokenizer.Terms("the U.S. and IT"));
    }

    [Theory]
    [InlineData("withdrawing", "withdraw")]
    [InlineData("withdraw", "withdraw")]
    [InlineData("obstacles", "obstacl")]
    [InlineData("obstacle", "obstacl")]
    [InlineData("countries", "country")]
    [InlineData("negotiations", "negotiat")]
    [InlineData("negotiate", "negotiat")]
    [InlineData("stopped", "stop")]
    public void Stem_Inflections_ShareAStem(string word, string stem)
    {
        Assert.Equal(stem, TermTokenizer.Stem(word));
    }

    [Fact]
    public void Terms_DropStopWordsAndKeepNumbersWhole()
    {
        var terms = TermTokenizer.Terms("The exodus of more than 70,000 ethnic Armenians");

        Assert.Equal(["exodus", "70000", "ethnic", "armenian"], terms);
    }

    [Theory]
    [InlineData("U.S.")]
    [InlineData("US")]
    [InlineData("u.s.")]
    public void Words_AcronymSpellings_GiveOneWord(string spelling)
    {
        Assert.Equal(["u.s"], TermTokenizer.Words(spelling));
    }

    [Theory]
    [InlineData("dissolv", "dissolut", true)]
    [InlineData("withdraw", "withdrawal", true)]
    [InlineData("ceasfir", "ceasefir", true)]
    [InlineData("armenia", "azerbaijan", false)]
    [InlineData("peac", "pact", false)]
    [InlineData("2023", "2024", false)]
    public void TermMatch_RelatedForms(string a, string b, bool related)
    {
        Assert.Equal(related, TermMatch.Related(a, b));
    }

    [Fact]
    public void Words_Possessive_IsDropped()
    {
        Assert.Equal(["russia", "role"], TermTokenizer.Words("Russia’s role"));
    }
}
