using System.Numerics.Tensors;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.AI;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// Embeddings of single words, to tell whether a question's word the documents never use is there in other words
/// ("price" and "cost", "km" and "kilometre", "died" and nothing). Measured with all-MiniLM-L6-v2: synonyms and
/// spellings of one word score 0.65–0.81 against each other, unrelated words at most about 0.5.
/// Bounded (the library's concurrent LRU: reads take no lock, and every question reads hundreds of words): a word's vector is 1.5 KB and questions bring words of their own.
/// </summary>
public sealed class TermVectors(IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>Words whose vectors are kept (about 12 MB).</summary>
    private const int Capacity = 8192;

    /// <summary>Two words at least this similar are read as the same idea.</summary>
    public const double SameIdea = 0.6;

    private readonly ConcurrentLru<string, float[]> _vectors = new(Environment.ProcessorCount, Capacity, StringComparer.Ordinal);

    /// <summary>Embeds, in one batch, those of <paramref name="words"/> not yet known.</summary>
    public async Task PrepareAsync(IEnumerable<string> words, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        var missing = words.Distinct(StringComparer.Ordinal).Where(w => !_vectors.TryGet(w, out _)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var generated = await embeddings.GenerateAsync(missing, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            _vectors.AddOrUpdate(missing[i], generated[i].Vector.ToArray());
        }
    }

    /// <summary>The vector of <paramref name="word"/>, when prepared.</summary>
    public float[]? Find(string word) => _vectors.TryGet(word, out var vector) ? vector : null;

    /// <summary><paramref name="others"/> with their similarity to <paramref name="word"/>, those with a vector.</summary>
    public IEnumerable<(string Word, double Similarity)> Similar(string word, IEnumerable<string> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        if (!_vectors.TryGet(word, out var vector))
        {
            yield break;
        }

        foreach (var other in others)
        {
            if (_vectors.TryGet(other, out var candidate))
            {
                yield return (other, TensorPrimitives.Dot(vector, candidate));
            }
        }
    }
}
