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
    [InlineData("What should be done next?", AnswerType.Recommendation)]
    [InlineData("What's the overall price tag of the programme?", AnswerType.Money)]
    [InlineData("What percentage of homes are insured?", AnswerType.Percentage)]
    [InlineData("How long is partner leave?", AnswerType.Duration)]
    [InlineData("How long ago did the museum close?", AnswerType.Duration)]
    [InlineData("What is the town's population?", AnswerType.Number)]
    [InlineData("What was the maximum capacity of the hall?", AnswerType.Number)]
    [InlineData("Which engineering company drew up the designs?", AnswerType.Organisation)]
    [InlineData("Who is the government minister responsible?", AnswerType.PersonName)]
    [InlineData("Who is responsible for the flood funding?", AnswerType.Person)]
    [InlineData("how long does my password have to be", AnswerType.Length)]
    [InlineData("How long can I keep a film?", AnswerType.Duration)]
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
    [InlineData("How did Lyon (France), Turin (Italy) and Geneva approach the talks?", true)]
    [InlineData("When was the ceasefire signed?", false)]
    [InlineData("What is the U.S. doing?", false)]
    [InlineData("what types of special leave are there", true)]
    [InlineData("What steps would speed up a treaty?", true)]
    [InlineData("What can I do at the library?", true)]
    [InlineData("Which services does the museum offer?", true)]
    [InlineData("What major storms have hit the coast?", true)]
    [InlineData("What process does the council follow?", false)]
    [InlineData("What status does the plan have?", false)]
    public void WantsList_Question_DetectsRequestsForSeveralThings(string question, bool expected)
    {
        Assert.Equal(expected, QuestionClassifier.WantsList(question));
    }

    [Theory]
    [InlineData("how do I submit an expense claim", true)]
    [InlineData("lost my laptop what now", true)]
    [InlineData("How did Russia's role change?", false)]
    public void WantsSteps_Question_DetectsRequestsForAProcedure(string question, bool expected)
    {
        Assert.Equal(expected, QuestionClassifier.WantsSteps(question));
    }

    [Theory]
    [InlineData("How tall is the barrier, and how tall should it be?", new[] { "How tall is the barrier", "how tall should it be?" })]
    [InlineData("Who met in Berlin and when?", new[] { "Who met in Berlin and when?" })]
    [InlineData("Who is paying for the plan, and how much each?", new[] { "Who is paying for the plan, and how much each?" })]
    [InlineData("What is the rate in Germany? What about Poland?", new[] { "What is the rate in Germany?", "What about Poland?" })]
    public void Split_CompoundQuestion_GivesItsParts(string question, string[] parts)
    {
        Assert.Equal(parts, QuestionParts.Split(question));
    }
}
