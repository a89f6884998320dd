using ChatBot.Answering.Conversation;

namespace ChatBot.Answering.Tests.Conversation;

public sealed class FollowUpResolverTests
{
    private static readonly Turn Previous = new("What happened to the peacekeepers?", "What happened to the peacekeepers?", true, "They left.", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("When did they start leaving?")]
    [InlineData("How many people left as a result?")]
    [InlineData("Why?")]
    [InlineData("And what about France?")]
    public void Antecedent_FollowUp_IsThePreviousAnsweredTurn(string question)
    {
        Assert.Same(Previous, FollowUpResolver.Antecedent(question, [Previous]));
    }

    [Theory]
    [InlineData("When was the ceasefire between Armenia and Azerbaijan signed?")]
    [InlineData("What does Azerbaijan say about Armenia's constitution?")]
    public void Antecedent_StandaloneQuestion_IsNull(string question)
    {
        Assert.Null(FollowUpResolver.Antecedent(question, [Previous]));
    }

    [Fact]
    public void Antecedent_PreviousTurnDeclined_IsNotUsed()
    {
        var declined = Previous with { Grounded = false };

        Assert.Null(FollowUpResolver.Antecedent("Why?", [declined]));
    }

    [Fact]
    public void SearchText_FollowUp_PrependsThePreviousSearch()
    {
        Assert.Equal("What happened to the peacekeepers? When?", FollowUpResolver.SearchText("When?", Previous));
    }

    [Fact]
    public void SearchText_LongChainOfFollowUps_StaysBounded()
    {
        var turn = Previous;
        for (var i = 0; i < 200; i++)
        {
            var question = $"And what about item {i}?";
            turn = turn with { Question = question, SearchText = FollowUpResolver.SearchText(question, turn) };
        }

        var words = turn.SearchText.Split(' ');
        Assert.True(words.Length <= FollowUpResolver.MaxContextWords + 5, $"{words.Length} words");
        Assert.StartsWith("What happened to the peacekeepers?", turn.SearchText, StringComparison.Ordinal);
        Assert.EndsWith("And what about item 199?", turn.SearchText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What about Lyon?")]
    [InlineData("And how about Geneva?")]
    public void Carried_SameQuestionOfAnotherName_LeavesTheEarlierNameBehind(string question)
    {
        var antecedent = new Turn("q", "What has Milan done about traffic?", true, "a", DateTimeOffset.UnixEpoch);

        var carried = FollowUpResolver.Carried(question, antecedent);

        Assert.Equal(["What", "has", "done", "about", "traffic?"], carried.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Carried_OtherFollowUps_CarryTheWholeSearchText()
    {
        var antecedent = new Turn("q", "When did Milan open the museum?", true, "a", DateTimeOffset.UnixEpoch);

        Assert.Equal("When did Milan open the museum?", FollowUpResolver.Carried("And how long did that take?", antecedent));
    }
}
