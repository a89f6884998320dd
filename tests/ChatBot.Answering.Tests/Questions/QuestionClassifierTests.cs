using ChatBot.Answering.Questions;

namespace ChatBot.Answering.Tests.Questions;

public sealed class QuestionClassifierTests
{
    [Theory]
    [InlineData("When was the ceasefire signed?", AnswerType.Date)]
    [InlineData("In what year did the war end?", AnswerType.Date)]
    [InlineData("How many people left?", AnswerType.Number)]
    [InlineData("Why did Russia's role weaken?", AnswerType.Reason)]
    [InlineData("Who met in Berlin?", AnswerType.Person)]
    [InlineData("Where did they meet?", AnswerType.Place)]
    [InlineData("What does the article recommend?", AnswerType.Recommendation)]
    [InlineData("What steps would speed up a treaty?", AnswerType.Recommendation)]
    [InlineData("Summarize the article", AnswerType.Summary)]
    [InlineData("What does the article conclude?", AnswerType.Conclusion)]
    [InlineData("When did the conflict conclude?", AnswerType.Date)]
    [InlineData("What is France's position?", AnswerType.Any)]
    public void TypeOf_Question_ReadsTheExpectedAnswer(string question, AnswerType expected)
    {
        Assert.Equal(expected, QuestionClassifier.TypeOf(question));
    }

    [Theory]
    [InlineData("What are the obstacles to a peace agreement?", true)]
    [InlineData("What does the article recommend?", true)]
    [InlineData("How did Moscow, Washington and Paris approach the talks?", true)]
    [InlineData("When was the ceasefire signed?", false)]
    [InlineData("What is the U.S. doing?", false)]
    public void WantsList_Question_DetectsRequestsForSeveralThings(string question, bool expected)
    {
        Assert.Equal(expected, QuestionClassifier.WantsList(question));
    }
}
