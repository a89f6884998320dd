using ChatBot.Knowledge.Corpus;
using ChatBot.Tests.Shared;

namespace ChatBot.Knowledge.Tests.Corpus;

public sealed class CorpusLoaderTests
{
    [Fact]
    public async Task LoadAsync_RepositoryCorpus_ReadsArticleWithManifestTitle()
    {
        var corpus = await CorpusLoader.LoadAsync(RepositoryPaths.Corpus);

        var document = Assert.Single(corpus.Documents);
        Assert.Equal("armenia-azerbaijan-peace-process.txt", document.Id);
        Assert.Contains("44-day war", document.Title, StringComparison.Ordinal);
        Assert.Equal(3, corpus.Manifest.ExampleQuestions.Count);
    }

    [Fact]
    public async Task LoadAsync_MixedFolder_ReadsSupportedFormatsOnly()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("a.txt"), "Alpha.");
        await File.WriteAllTextAsync(folder.File("b.md"), "# Beta\n\nBeta text.");
        await File.WriteAllTextAsync(folder.File("c.html"), "<p>Gamma.</p>");
        await File.WriteAllTextAsync(folder.File("d.pdf"), "binary");

        var corpus = await CorpusLoader.LoadAsync(folder.Path);

        Assert.Equal(["a.txt", "b.md", "c.html"], corpus.Documents.Select(d => d.Id));
        Assert.Equal([DocumentFormat.PlainText, DocumentFormat.Markdown, DocumentFormat.Html], corpus.Documents.Select(d => d.Format));
    }

    [Fact]
    public async Task LoadAsync_MissingFolder_SaysWhichFolder()
    {
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => CorpusLoader.LoadAsync("/nonexistent/corpus"));

        Assert.Contains("/nonexistent/corpus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_BrokenManifest_ReportsTheFile()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("manifest.json"), "{ not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CorpusLoader.LoadAsync(folder.Path));

        Assert.Contains("manifest.json", error.Message, StringComparison.Ordinal);
    }
}
