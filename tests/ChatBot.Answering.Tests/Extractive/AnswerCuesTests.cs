using ChatBot.Answering.Extractive;
using ChatBot.Answering.Questions;

namespace ChatBot.Answering.Tests.Extractive;

public sealed class AnswerCuesTests
{
    [Theory]
    [InlineData(AnswerType.Date, "The ceasefire came on November 10, 2020.", true)]
    [InlineData(AnswerType.Date, "Armenia is unwilling to amend it until 2027.", true)]
    [InlineData(AnswerType.Date, "The talks continue.", false)]
    [InlineData(AnswerType.Number, "More than 70,000 ethnic Armenians left.", true)]
    [InlineData(AnswerType.Number, "The ceasefire came on November 10, 2020.", false)]
    [InlineData(AnswerType.Reason, "Its influence waned due to its focus on Ukraine.", true)]
    [InlineData(AnswerType.Recommendation, "Both countries must recognize each other.", true)]
    [InlineData(AnswerType.Recommendation, "France has taken a dual stance.", false)]
    public void Contains_Sentence_DetectsTheKindOfFact(AnswerType type, string sentence, bool expected)
    {
        Assert.Equal(expected, AnswerCues.Contains(type, sentence));
    }
}
