using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Tests.Fakes;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Tests.Index;

/// <summary>Builds index changes from plain texts, embedded with the hashing stand-in.</summary>
internal static class StoreTestData
{
    public const string Model = "test/hashing";
    public const int Dimensions = 64;

    public static DocumentPassages Document(string documentId, params string[] passageTexts)
    {
        var passages = passageTexts.Select((text, i) => Passage(documentId, i, text)).ToList();
        return new DocumentPassages(
            new IndexedDocument(documentId, "Title of " + documentId, null, "hash-" + string.Join("|", passageTexts).GetHashCode(StringComparison.Ordinal), passages.Count),
            passages);
    }

    public static IndexedPassage Passage(string documentId, int paragraph, string text)
    {
        var sentences = SentenceSplitter.Split(text);
        var passage = new Passage(PassageIds.For(documentId, text, 1), documentId, "Title of " + documentId, null, paragraph, paragraph * 1000, (paragraph * 1000) + text.Length, text, sentences);
        return new IndexedPassage(passage, HashingEmbeddingGenerator.Embed(text, Dimensions), [.. sentences.Select(s => HashingEmbeddingGenerator.Embed(s.Of(text), Dimensions))]);
    }

    public static IndexChanges Put(params DocumentPassages[] documents) => new(Model, Dimensions, false, documents, []);

    public static HybridQuery Query(string text, int top = 3) => new(HashingEmbeddingGenerator.Embed(text, Dimensions), text, top);
}
