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
        var manifest = CorpusManifest.LoadAsync(Path.GetDirectoryName(RepositoryPaths.Article)!).GetAwaiter().GetResult();
        var vocabulary = new CorpusVocabulary();
        vocabulary.Load([DocumentCleaner.Clean(new SourceDocument("a", "a.txt", "T", null, DocumentFormat.PlainText, text, "h"))], manifest.Aliases);
        return vocabulary;
    }

    [Theory]
    [InlineData("How many ppl left?", "How many people left?")]
    [InlineData("when was the cease fire signed", "when was the ceasefire signed")]
    [InlineData("what did azerbajan do in septmber 2023", "what did azerbaijan do in september 2023")]
    [InlineData("What is the U.S. doing?", "What is the U.S. doing?")]
    [InlineData("Who met in Berlin?", "Who met in Berlin?")]
    [InlineData("What is the weather in Yerevan?", "What is the weather in Yerevan?")]
    [InlineData("Are they making progress?", "Are they making progress?")]
    public void Normalize_Question_UsesTheArticlesWords(string question, string expected)
    {
        Assert.Equal(expected, new QuestionNormalizer(Vocabulary).Normalize(question));
    }

    [Theory]
    [InlineData("What happened in NK?", "What happened in Nagorno-Karabakh?")]
    [InlineData("What has the United States done?", "What has the U.S. done?")]
    [InlineData("What has Washington done?", "What has Washington (U.S.) done?")]
    public void Normalize_AliasFromTheManifest_GetsTheDocumentsName(string question, string expected)
    {
        Assert.Equal(expected, new QuestionNormalizer(Vocabulary).Normalize(question));
    }

    [Fact]
    public void Normalize_WithoutManifestAliases_LeavesTheWordAlone()
    {
        var vocabulary = new CorpusVocabulary();
        vocabulary.Load([DocumentCleaner.Clean(new SourceDocument("a", "a.txt", "T", null, DocumentFormat.PlainText, File.ReadAllText(RepositoryPaths.Article), "h"))]);

        Assert.Equal("What happened in NK?", new QuestionNormalizer(vocabulary).Normalize("What happened in NK?"));
    }

    [Fact]
    public void Normalize_AcronymTheDocumentsWriteOut_GetsTheName()
    {
        var vocabulary = new CorpusVocabulary();
        vocabulary.Load([DocumentCleaner.Clean(new SourceDocument("a", "a.md", "T", null, DocumentFormat.Markdown,
            "Staff travelling to the United Kingdom receive a daily rate of 64 euros.", "h"))]);

        Assert.Equal("and in the United Kingdom?", new QuestionNormalizer(vocabulary).Normalize("and in the UK?"));
    }

    [Theory]
    [InlineData("whats the fundnig gap", "whats the funding gap")]
    [InlineData("how lnog is the gap", "how long is the gap")]
    [InlineData("is the gap making it wider", "is the gap making it wider")]
    [InlineData("whats the fundng gap", "whats the funding gap")]
    [InlineData("is teh gap long", "is the gap long")]
    [InlineData("is the gap markng it", "is the gap marking it")]
    [InlineData("is the gap marked", "is the gap marked")]
    public void Normalize_ShortTypos_AreRepairedWhenOneWordFits(string question, string expected)
    {
        var vocabulary = new CorpusVocabulary();
        vocabulary.Load([DocumentCleaner.Clean(new SourceDocument("a", "a.md", "T", null, DocumentFormat.Markdown,
            "The funding gap is long and wide, marking the plan.", "h"))]);

        Assert.Equal(expected, new QuestionNormalizer(vocabulary).Normalize(question));
    }

    [Fact]
    public void Analyze_NameTheDocumentsNeverUse_IsAKeyTermNotInTheDocuments()
    {
        var analysis = new QuestionAnalyzer(Vocabulary).Analyze("What does the article say about Tesla and Armenia?", null);

        Assert.Contains(analysis.KeyTerms, k => k.Word == "tesla" && !k.InDocuments);
        Assert.Contains(analysis.KeyTerms, k => k.Word == "armenia" && k.InDocuments);
        Assert.DoesNotContain(analysis.KeyTerms, k => k.Word is "article" or "say");
    }

    [Theory]
    [InlineData("What role do the observers play?")]
    [InlineData("What part has Armenia played in the talks?")]
    public void Analyze_RoleQuestion_TheFrameIsNotWhatTheAnswerIsAbout(string question)
    {
        var analysis = new QuestionAnalyzer(Vocabulary).Analyze(question, null);

        Assert.DoesNotContain(analysis.KeyTerms, k => k.Term is "rol" or "role" or "part" or "play" or "plai");
        Assert.NotEmpty(analysis.KeyTerms);
    }
}
