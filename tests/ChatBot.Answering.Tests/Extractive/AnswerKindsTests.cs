using ChatBot.Answering.Extractive;
using ChatBot.Answering.Questions;

namespace ChatBot.Answering.Tests.Extractive;

public sealed class AnswerKindsTests
{
    [Theory]
    [InlineData(AnswerType.Date, "On the night of Nov. 14, 2024, a storm surge pushed up the estuary.", true)]
    [InlineData(AnswerType.Date, "Carried-over days must be taken by 31 March of the following year.", true)]
    [InlineData(AnswerType.Date, "The river peaked at 4.7 metres above datum.", false)]
    [InlineData(AnswerType.Money, "Halden & Crewe's latest estimate puts the total cost at £148 million.", true)]
    [InlineData(AnswerType.Money, "You are reimbursed €0.30 per kilometre driven.", true)]
    [InlineData(AnswerType.Money, "By morning, 1,340 homes had been flooded.", false)]
    [InlineData(AnswerType.Percentage, "It has raised premiums by an average of 38% since the flood.", true)]
    [InlineData(AnswerType.Duration, "Second parent: 5 weeks at full pay.", true)]
    [InlineData(AnswerType.Duration, "Your password must be at least 14 characters long.", true)]
    [InlineData(AnswerType.Length, "Your password must be at least 14 characters long.", true)]
    [InlineData(AnswerType.Length, "Passwords must be changed every 12 months.", false)]
    [InlineData(AnswerType.Number, "Fire crews rescued 37 people by boat.", true)]
    [InlineData(AnswerType.Number, "The council met in 2025.", false)]
    [InlineData(AnswerType.Person, "An independent review chaired by Prof. Miriam Farrant was published.", true)]
    [InlineData(AnswerType.Person, "Finance director — Approves claims: up to €10,000", true)]
    [InlineData(AnswerType.Person, "Talks resumed under a UN-brokered truce in the spring.", true)]
    [InlineData(AnswerType.Person, "Talks resumed under a truce in the spring.", false)]
    [InlineData(AnswerType.ProperName, "The ministry has pledged £92 million from its national fund.", false)]
    [InlineData(AnswerType.PersonName, "The Ministry of Environment and Coastal Affairs has pledged £92 million from its national Coastal Resilience Fund.", false)]
    [InlineData(AnswerType.PersonName, "The panel of five was chaired by Professor Miriam Farrant of the University of Eastholm.", true)]
    [InlineData(AnswerType.PersonName, "Its chief executive, Priya Raman, told councillors in June that the gate would cost more.", true)]
    [InlineData(AnswerType.PersonName, "Ana Reyes, the museum's director, says the roof will be repaired first.", true)]
    [InlineData(AnswerType.PersonName, "Tom Berg told the committee that the plan was too costly.", true)]
    [InlineData(AnswerType.PersonName, "In April the committee met for the first time.", false)]
    [InlineData(AnswerType.Organisation, "The designs were drawn up by Halden & Crewe, the engineering consultancy.", true)]
    public void Has_Sentence_TellsWhetherItHoldsTheKindOfAnswer(AnswerType type, string sentence, bool expected)
    {
        Assert.Equal(expected, AnswerKinds.Has(type, sentence));
    }

    [Theory]
    [InlineData("How many days a week can I work from home?", "Staff may work from home up to two days a week.", true)]
    [InlineData("How many days a week can I work from home?", "An employee who works 30 hours a week receives 21 days.", false)]
    [InlineData("how many times per year is the boiler serviced?", "The boiler is serviced 2 times per year.", true)]
    public void RateAsked_Sentence_MustGiveThatUnitPerThatPeriod(string question, string sentence, bool expected)
    {
        Assert.Equal(expected, AnswerKinds.RateAsked(question)!.IsMatch(sentence));
    }

    [Fact]
    public void RateAsked_OtherQuestions_NoRate() => Assert.Null(AnswerKinds.RateAsked("How many days of leave do I get?"));
}
