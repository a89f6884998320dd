using System.Text.Json;
using ChatBot.Answering.Questions;
using ChatBot.Tests.Shared;

namespace ChatBot.Answering.Tests.Questions;

public sealed class QuestionLanguageTests
{
    [Theory]
    [InlineData("Когда было подписано соглашение о прекращении огня?")]
    [InlineData("Ե՞րբ է ստորագրվել հրադադարի համաձայնագիրը")]
    [InlineData("Atəşkəs nə vaxt imzalanıb?")]
    [InlineData("Quand le cessez-le-feu a-t-il été signé ?")]
    [InlineData("¿Cuándo se firmó el alto el fuego?")]
    [InlineData("Wann wurde der Waffenstillstand unterzeichnet?")]
    [InlineData("Ateşkes ne zaman imzalandı?")]
    public void IsEnglish_OtherLanguages_No(string question) => Assert.False(QuestionLanguage.IsEnglish(question));

    [Theory]
    [InlineData("When was the ceasefire signed?")]
    [InlineData("wat did pashinyan say abt the constitution")]
    [InlineData("What role did Macron's government play in the café talks?")]
    [InlineData("How did the Karabakh exodus affect Yerevan?")]
    [InlineData("NK?")]
    public void IsEnglish_EnglishWithNamesAndTypos_Yes(string question) => Assert.True(QuestionLanguage.IsEnglish(question));

    [Fact]
    public void IsEnglish_EveryQuestionOfTheLabelledSet_Yes()
    {
        var questions = File.ReadLines(RepositoryPaths.QuestionSet).Concat(File.ReadLines(RepositoryPaths.LibraryQuestionSet))
            .Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();

        Assert.DoesNotContain(questions, q => !QuestionLanguage.IsEnglish(q));
    }
}
