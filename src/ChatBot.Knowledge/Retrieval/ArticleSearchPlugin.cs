using System.ComponentModel;
using ChatBot.Knowledge.Index;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace ChatBot.Knowledge.Retrieval;

/// <summary>The article search as a kernel plugin: the one way answerers (and an LLM's function calls) retrieve passages.</summary>
public sealed class ArticleSearchPlugin(ITextSearch<PassageHit> search)
{
    /// <summary>The name under which the plugin is registered in the kernel.</summary>
    public const string PluginName = "ArticleSearch";

    /// <summary>The function returning <see cref="PassageHit"/>s, best first.</summary>
    public const string SearchFunction = "search_passages";

    [KernelFunction(SearchFunction)]
    [Description("Searches the article for the passages most relevant to a question, best first.")]
    public async Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(
        [Description("The question or search phrase.")] string query,
        [Description("How many passages to return.")] int count = 5,
        CancellationToken cancellationToken = default)
    {
        using var span = RetrievalTelemetry.Source.StartActivity("retrieve");
        var results = await search.GetSearchResultsAsync(query, new TextSearchOptions<PassageHit> { Top = count }, cancellationToken).ConfigureAwait(false);
        var hits = new List<PassageHit>(count);
        await foreach (var hit in results.Results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            hits.Add(hit);
        }

        span?.SetTag("chatbot.passages", hits.Count);
        return hits;
    }
}
