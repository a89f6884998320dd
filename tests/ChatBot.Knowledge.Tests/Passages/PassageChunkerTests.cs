using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Passages;
using ChatBot.Tests.Shared;

namespace ChatBot.Knowledge.Tests.Passages;

public sealed class PassageChunkerTests
{
    private static readonly SourceDocument Article = new(
        "article.txt", "article.txt", "Title", null, DocumentFormat.PlainText, File.ReadAllText(RepositoryPaths.Article), "h");

    [Fact]
    public void Chunk_Article_OnePassagePerParagraphWithExactOffsets()
    {
        var passages = new PassageChunker(new PassageOptions()).Chunk(DocumentCleaner.Clean(Article));

        Assert.Equal(8, passages.Count);
        Assert.All(passages, p => Assert.Equal(Article.Text[p.Start..p.End], p.Text));
        Assert.All(passages, p => Assert.All(p.Sentences, s => Assert.InRange(s.End, 1, p.Text.Length)));
        Assert.Equal(Enumerable.Range(0, 8), passages.Select(p => p.ParagraphIndex));
    }

    [Fact]
    public void Chunk_SameContent_SameIds()
    {
        var chunker = new PassageChunker(new PassageOptions());

        var first = chunker.Chunk(DocumentCleaner.Clean(Article)).Select(p => p.Id);
        var second = chunker.Chunk(DocumentCleaner.Clean(Article)).Select(p => p.Id);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Chunk_LongParagraph_SplitsBetweenSentencesWithExactOffsets()
    {
        var chunker = new PassageChunker(new PassageOptions { MaxChars = 300, TargetChars = 200 });

        var passages = chunker.Chunk(DocumentCleaner.Clean(Article));

        Assert.True(passages.Count > 8);
        Assert.All(passages, p => Assert.Equal(Article.Text[p.Start..p.End], p.Text));
        Assert.All(passages, p => Assert.Matches(@"[.!?”""]$", p.Text));
    }

    [Fact]
    public void PassageIds_DifferOnlyWithDocumentContentOrOccurrence()
    {
        var id = PassageIds.For("doc", "text", 1);

        Assert.Equal(id, PassageIds.For("doc", "text", 1));
        Assert.NotEqual(id, PassageIds.For("doc2", "text", 1));
        Assert.NotEqual(id, PassageIds.For("doc", "text.", 1));
        Assert.NotEqual(id, PassageIds.For("doc", "text", 2));
        Assert.Equal(8, id.Version);
    }
}
