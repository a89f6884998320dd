using BitFaster.Caching.Lru;
using Microsoft.Extensions.AI;

namespace ChatBot.Knowledge.Embeddings;

/// <summary>
/// Remembers the embeddings of recent single texts. A question is embedded once for retrieval and read again when the
/// answerer ranks sentences; this keeps that to one pass through the model. Bounded, least recently used out first.
/// </summary>
public sealed class QueryEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner, int capacity)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    // The library's smallest cache holds three; below that the option is read as "off" or "tiny", and tiny is harmless.
    private readonly ConcurrentLru<string, Embedding<float>> _recent = new(Environment.ProcessorCount, Math.Max(capacity, 3), StringComparer.Ordinal);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        if (texts.Count != 1 || capacity == 0)
        {
            return await base.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        }

        if (_recent.TryGet(texts[0], out var known))
        {
            return [known];
        }

        var generated = await base.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        _recent.AddOrUpdate(texts[0], generated[0]);
        return generated;
    }

    /// <summary>Makes <paramref name="text"/> embed as <paramref name="embedding"/>: a query that only adds words for the
    /// keyword search to one already embedded means the same, and need not pass through the model again.</summary>
    public void Remember(string text, Embedding<float> embedding)
    {
        if (capacity > 0)
        {
            _recent.AddOrUpdate(text, embedding);
        }
    }
}
