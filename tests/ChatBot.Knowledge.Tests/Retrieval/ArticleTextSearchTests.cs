using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Retrieval;
using ChatBot.Knowledge.Tests.Fakes;
using ChatBot.Knowledge.Tests.Index;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace ChatBot.Knowledge.Tests.Retrieval;

public sealed class ArticleTextSearchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private async Task<ArticleTextSearch> SearchAsync()
    {
        var store = new EmbeddedPassageStore(_folder.File("s"), NullLogger<EmbeddedPassageStore>.Instance);
        await store.ApplyAsync(StoreTestData.Put(StoreTestData.Document("a", "The ceasefire was signed.", "Peacekeepers withdrew.", "France urged talks.")));
        var embeddings = new HashingEmbeddingGenerator(dimensions: StoreTestData.Dimensions);
        return new ArticleTextSearch(new HybridRetriever(embeddings, store), new RetrievalOptions { Top = 2 });
    }

    [Fact]
    public async Task GetSearchResults_ReturnsPassageHitsBestFirst()
    {
        var search = await SearchAsync();

        var results = await search.GetSearchResultsAsync("peacekeepers withdrew");
        var hits = await results.Results.ToListAsync();

        Assert.Equal(2, hits.Count);
        Assert.Equal("Peacekeepers withdrew.", hits[0].Passage.Passage.Text);
    }

    [Fact]
    public async Task GetTextSearchResults_CarryTitleAndPassageLink()
    {
        var search = await SearchAsync();

        var results = await (await search.GetTextSearchResultsAsync("ceasefire", new TextSearchOptions<PassageHit> { Top = 1 })).Results.ToListAsync();

        var result = Assert.Single(results);
        Assert.Equal("Title of a", result.Name);
        Assert.StartsWith("passage:", result.Link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugin_InvokedThroughTheKernel_ReturnsHits()
    {
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(new ArticleSearchPlugin(await SearchAsync()), ArticleSearchPlugin.PluginName);

        var hits = await kernel.InvokeAsync<IReadOnlyList<PassageHit>>(
            ArticleSearchPlugin.PluginName, ArticleSearchPlugin.SearchFunction, new KernelArguments { ["query"] = "France", ["count"] = 1 });

        Assert.Equal("France urged talks.", Assert.Single(hits!).Passage.Passage.Text);
    }

    [Fact]
    public async Task Search_WithFilter_IsRefusedClearly()
    {
        var search = await SearchAsync();

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            search.SearchAsync("x", new TextSearchOptions<PassageHit> { Filter = h => h.Score > 0 }));
    }

    public void Dispose() => _folder.Dispose();
}
