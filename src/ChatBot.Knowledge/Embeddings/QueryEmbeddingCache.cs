using Microsoft.Extensions.AI;

namespace ChatBot.Knowledge.Embeddings;

/// <summary>
/// Remembers the embeddings of recent single texts. A question is embedded once for retrieval and read again when the
/// answerer ranks sentences; this keeps that to one pass through the model. Bounded, least recently used out first.
/// </summary>
public sealed class QueryEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner, int capacity)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Text, Embedding<float> Embedding)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, Embedding<float> Embedding)> _recency = new();

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

        var text = texts[0];
        lock (_gate)
        {
            if (_entries.TryGetValue(text, out var hit))
            {
                _recency.Remove(hit);
                _recency.AddFirst(hit);
                return [hit.Value.Embedding];
            }
        }

        var generated = await base.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_entries.ContainsKey(text))
            {
                _entries[text] = _recency.AddFirst((text, generated[0]));
                if (_entries.Count > capacity)
                {
                    var oldest = _recency.Last!;
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Text);
                }
            }
        }

        return generated;
    }
}
