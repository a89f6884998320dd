using ChatBot.Answering.Questions;

namespace ChatBot.Answering.Tests.Questions;

public sealed class QuestionFocusTests
{
    [Theory]
    [InlineData("Who is the government minister responsible for the funding?", "government minister")]
    [InlineData("What was the name of the storm that caused the flood?", "storm")]
    [InlineData("Which engineering company came up with the designs?", "engineering company")]
    [InlineData("How many homes ended up flooded?", "homes")]
    [InlineData("How many written submissions did the panel get?", "written submissions")]
    [InlineData("What is the town's population?", "population")]
    [InlineData("How much notice must I give?", "notice")]
    [InlineData("can I get a cash advance before the trip?", "cash advance")]
    [InlineData("May we borrow the projector?", "projector")]
    [InlineData("How much does the permit cost?", "")]
    [InlineData("What date did the flood hit?", "")]
    [InlineData("Who was in charge of the review?", "")]
    [InlineData("Why did the council vote for it?", "")]
    public void Of_Question_NamesWhatItAsksToIdentifyOrCount(string question, string expected)
    {
        Assert.Equal(expected, string.Join(" ", QuestionFocus.Of(question, QuestionClassifier.TypeOf(question))));
    }

    [Theory]
    [InlineData("How many people died in the flood?", "died")]
    [InlineData("How many homes were flooded?", "flooded")]
    [InlineData("How many people left as a result?", null)]
    [InlineData("Who died in the flood?", null)]
    public void PredicateOf_CountQuestion_TellsWhatHappenedToWhatItCounts(string question, string? expected)
    {
        Assert.Equal(expected, QuestionFocus.PredicateOf(question));
    }
}
