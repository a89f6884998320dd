using ChatBot.Knowledge.Corpus;
using ChatBot.Tests.Shared;

namespace ChatBot.Knowledge.Tests.Corpus;

public sealed class DocumentCleanerTests
{
    private static SourceDocument Document(string text, DocumentFormat format = DocumentFormat.PlainText, string? title = null) =>
        new("doc.txt", "doc.txt", title, null, format, text, "hash");

    [Fact]
    public void Clean_Article_DropsRepeatedCaptionAndNavigationLines()
    {
        var text = File.ReadAllText(RepositoryPaths.Article);

        var clean = DocumentCleaner.Clean(Document(text));

        Assert.Equal(8, clean.Paragraphs.Count);
        Assert.Single(clean.Paragraphs, p => p.Text.Contains("met in Berlin in February 2024", StringComparison.Ordinal));
        Assert.StartsWith("Achieving lasting peace", clean.Paragraphs[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(clean.Paragraphs, p => p.Text.Contains("Follow us", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_OtherNewsPage_RemovesChromeByShapeNotWords()
    {
        const string page = """
            Share this story

            Floods hit the valley on Monday. Hundreds of homes were damaged.

            Floods hit the valley on Monday. Hundreds of homes were damaged.

            Photo for illustration only. © Valley News

            Officials said repairs would take months.

            Photo for illustration only. © Valley News

            Related articles
            Subscribe to our newsletter
            Weather
            """;

        var clean = DocumentCleaner.Clean(Document(page));

        Assert.Equal(
            ["Floods hit the valley on Monday. Hundreds of homes were damaged.", "Officials said repairs would take months."],
            clean.Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void Clean_PlainText_OffsetsPointIntoTheOriginal()
    {
        var text = File.ReadAllText(RepositoryPaths.Article);

        var clean = DocumentCleaner.Clean(Document(text));

        Assert.All(clean.Paragraphs, p => Assert.Equal(text[p.Start..p.End], p.Text));
    }

    [Fact]
    public void Clean_HardWrappedLines_JoinIntoOneParagraph()
    {
        var clean = DocumentCleaner.Clean(Document("The talks resumed\nin May after a pause.\n\nBoth sides agreed."));

        Assert.Equal("The talks resumed in May after a pause.", clean.Paragraphs[0].Text);
    }

    [Fact]
    public void Clean_Markdown_StripsMarkupAndTakesTitleFromHeading()
    {
        const string markdown = """
            # Peace talks resume

            The **talks** resumed in [Berlin](https://example.org) this week. Both sides attended.

            ```
            code is not prose.
            ```

            - Amend the constitution
            - Engage neutral mediators
            """;

        var clean = DocumentCleaner.Clean(Document(markdown, DocumentFormat.Markdown));

        Assert.Equal("Peace talks resume", clean.Title);
        Assert.Equal("The talks resumed in Berlin this week. Both sides attended.", clean.Paragraphs[0].Text);
        var list = Assert.Single(clean.Paragraphs.Skip(1));
        Assert.Equal(BlockKind.List, list.Kind);
        Assert.Equal(["Amend the constitution", "Engage neutral mediators"], list.Items!.Select(i => i.Of(list.Text)));
        Assert.DoesNotContain(clean.Paragraphs, p => p.Text.Contains("code", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_Html_ReadsArticleBlocksAndSkipsPageChrome()
    {
        const string html = """
            <html><head><title>Talks resume &amp; stall</title><script>var x = "Not prose.";</script></head>
            <body><nav><p>Home. News. Sport.</p></nav>
            <article><h1>Talks resume</h1><p>The talks resumed in <b>Berlin</b> this week.</p>
            <p>Both sides attended.</p></article>
            <footer><p>Copyright 2024. All rights reserved.</p></footer></body></html>
            """;

        var clean = DocumentCleaner.Clean(Document(html, DocumentFormat.Html));

        Assert.Equal("Talks resume & stall", clean.Title);
        Assert.Equal(["The talks resumed in Berlin this week.", "Both sides attended."], clean.Paragraphs.Select(p => p.Text));
        Assert.All(clean.Paragraphs, p => Assert.StartsWith("<p>", html[p.Start..p.End], StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_NoTitleAnywhere_UsesTheFileName()
    {
        var clean = DocumentCleaner.Clean(new SourceDocument("peace-talks.txt", "peace-talks.txt", null, null, DocumentFormat.PlainText, "Talks resumed.", "h"));

        Assert.Equal("Peace talks", clean.Title);
    }
}
