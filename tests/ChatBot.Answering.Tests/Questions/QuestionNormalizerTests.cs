using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Corpus;
using ChatBot.Tests.Shared;

namespace ChatBot.Answering.Tests.Questions;

public sealed class QuestionNormalizerTests
{
    private static readonly CorpusVocabulary Vocabulary = LoadVocabulary();

    private static CorpusVocabulary LoadVocabulary()
    {
        var text = File.ReadAllText(RepositoryPaths.Article);
        var vocabulary = new CorpusVocabulary();
        vocabulary.Load([DocumentCleaner.Clean(new SourceDocument("a", "a.txt", "T", null, DocumentFormat.PlainText, text, "h"))]);
        return vocabulary;
    }

    [Theory]
    [InlineData("How many ppl left?", "How many people left?")]
    [InlineData("when was the cease fire signed", "when was the ceasefire signed")]
    [InlineData("what did azerbajan do in septmber 2023", "what did azerbaijan do in september 2023")]
    [InlineData("What is the U.S. doing?", "What is the U.S. doing?")]
    [InlineData("What has the United States done?", "What has the U.S. done?")]
    [InlineData("What role has Washington played?", "What role has Washington (U.S.) played?")]
    [InlineData("Who met in Berlin?", "Who met in Berlin?")]
    [InlineData("What is the weather in Yerevan?", "What is the weather in Yerevan?")]
    [InlineData("Are they making progress?", "Are they making progress?")]
    public void Normalize_Question_UsesTheArticlesWords(string question, string expected)
    {
        Assert.Equal(expected, new QuestionNormalizer(Vocabulary).Normalize(question));
    }

    [Theory]
    [InlineData("What is the population of Yerevan?", "Yerevan")]
    [InlineData("Who won the FIFA World Cup?", "FIFA")]
    public void Scope_UnknownName_IsReported(string question, string name)
    {
        Assert.Contains(name, new QuestionScopeEstimator(Vocabulary).Estimate(question).UnknownNames);
    }

    [Fact]
    public void Scope_QuestionInTheArticlesWords_IsFullyCovered()
    {
        var scope = new QuestionScopeEstimator(Vocabulary).Estimate("What does the article say about Armenia's constitution?");

        Assert.Equal(1.0, scope.Coverage);
        Assert.Empty(scope.UnknownNames);
    }
}
