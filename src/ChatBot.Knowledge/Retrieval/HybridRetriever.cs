using ChatBot.Knowledge.Index;
using Microsoft.Extensions.AI;

namespace ChatBot.Knowledge.Retrieval;

/// <summary>Embeds a query and runs the store's hybrid (dense + keyword) search with it.</summary>
public sealed class HybridRetriever(IEmbeddingGenerator<string, Embedding<float>> embeddings, IPassageStore store)
{
    public async Task<IReadOnlyList<PassageHit>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var vector = await embeddings.GenerateVectorAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await store.SearchAsync(new HybridQuery(vector, query, top), cancellationToken).ConfigureAwait(false);
    }
}
