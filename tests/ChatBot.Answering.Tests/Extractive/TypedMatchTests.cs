using ChatBot.Answering.Extractive;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Text;
using Microsoft.Extensions.AI;

namespace ChatBot.Answering.Tests.Extractive;

public sealed class TypedMatchTests
{
    // Focus words in these sentences are found as written, so no word vector is ever asked for.
    private static readonly TermVectors Vectors = new(new NoEmbeddings());

    [Theory]
    [InlineData("Cllr. Helen Ashdown, the council leader, said the work would start soon.", 1)]
    [InlineData("The council leader said the work would start soon, according to a letter that Dr. Jones wrote.", -1)]
    [InlineData("Prof. Miriam Farrant chaired the review.", 0)]
    public void Of_QuestionNamingWhatItAsks_WantsTheFactNearThoseWords(string sentence, double expected)
    {
        var question = Analysis("Who is the council leader?", AnswerType.Person, ["council", "leader"], ["council", "leader"]);

        Assert.Equal(expected, TypedMatch.Of(question, sentence, Context(sentence), new TermLookup(Vectors)));
    }

    [Theory]
    [InlineData("The 2024 flood was the worst in living memory.", -1)]
    [InlineData("The flood hit on Nov. 14, 2024.", 1)]
    public void Of_FactTheQuestionAlreadyGives_IsNoAnswer(string sentence, double expected)
    {
        var question = Analysis("When did the 2024 flood hit?", AnswerType.Date, ["2024", "flood", "hit"], []);

        Assert.Equal(expected, TypedMatch.Of(question, sentence, Context(sentence), new TermLookup(Vectors)));
    }

    private static QuestionAnalysis Analysis(string text, AnswerType type, string[] terms, string[] focus) =>
        new(text, text, type, false, false, [.. terms.Select(t => new KeyTerm(TermTokenizer.Stem(t), t, 1, true))]) { Focus = focus };

    private static SentenceContext Context(string sentence)
    {
        var terms = TermTokenizer.Terms(sentence).ToHashSet(StringComparer.Ordinal);
        var none = new HashSet<string>(StringComparer.Ordinal);
        return new SentenceContext(terms, none, none, terms, [.. TermTokenizer.Words(sentence)]);
    }

    private sealed class NoEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("No word vector is needed here.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
