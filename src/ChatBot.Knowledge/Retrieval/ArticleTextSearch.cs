using System.Globalization;
using ChatBot.Knowledge.Index;
using Microsoft.SemanticKernel.Data;

namespace ChatBot.Knowledge.Retrieval;

/// <summary>
/// The corpus as a Semantic Kernel text search over <see cref="PassageHit"/> records, so the generative path's prompt and
/// the extractive answerer read the same passages through the same search.
/// </summary>
public sealed class ArticleTextSearch(HybridRetriever retriever, RetrievalOptions options) : ITextSearch<PassageHit>
{
    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<PassageHit>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var hits = await RetrieveAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);
        return new KernelSearchResults<string>(ToAsync(hits.Select(h => h.Passage.Passage.Text)), hits.Count);
    }

    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions<PassageHit>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var hits = await RetrieveAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);
        var results = hits.Select(h => new TextSearchResult(h.Passage.Passage.Text)
        {
            Name = h.Passage.Passage.Title,
            Link = h.Passage.Passage.SourceUrl ?? string.Create(CultureInfo.InvariantCulture, $"passage:{h.Passage.Passage.Id}"),
        });
        return new KernelSearchResults<TextSearchResult>(ToAsync(results), hits.Count);
    }

    public async Task<KernelSearchResults<PassageHit>> GetSearchResultsAsync(string query, TextSearchOptions<PassageHit>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var hits = await RetrieveAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);
        return new KernelSearchResults<PassageHit>(ToAsync(hits), hits.Count);
    }

    private async Task<IReadOnlyList<PassageHit>> RetrieveAsync(string query, TextSearchOptions<PassageHit>? searchOptions, CancellationToken cancellationToken)
    {
        if (searchOptions?.Filter is not null)
        {
            throw new NotSupportedException("The article search does not take filters: every passage is searched.");
        }

        var top = searchOptions?.Top is > 0 and var t ? t : options.Top;
        var skip = Math.Max(0, searchOptions?.Skip ?? 0);
        var hits = await retriever.RetrieveAsync(query, top + skip, cancellationToken).ConfigureAwait(false);
        return skip == 0 ? hits : [.. hits.Skip(skip)];
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
