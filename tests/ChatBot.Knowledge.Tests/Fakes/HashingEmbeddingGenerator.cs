using ChatBot.Knowledge.Text;
using Microsoft.Extensions.AI;

namespace ChatBot.Knowledge.Tests.Fakes;

/// <summary>
/// A fast, deterministic stand-in for the embedding model: a unit-length bag of hashed keyword terms. Texts sharing
/// words are close, which is all the ingestion and store tests need. It records every batch it is asked for.
/// </summary>
internal sealed class HashingEmbeddingGenerator(string modelId = "test/hashing", int dimensions = 64) : IEmbeddingGenerator<string, Embedding<float>>
{
    public List<IReadOnlyList<string>> Batches { get; } = [];

    public int TextsEmbedded => Batches.Sum(b => b.Count);

    public static float[] Embed(string text, int dimensions = 64)
    {
        var vector = new float[dimensions];
        foreach (var term in TermTokenizer.Terms(text))
        {
            vector[(int)((uint)StringComparer.Ordinal.GetHashCode(term) % (uint)dimensions)] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm == 0)
        {
            vector[0] = 1;
            return vector;
        }

        return [.. vector.Select(v => v / norm)];
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var texts = values.ToList();
        Batches.Add(texts);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(Embed(t, dimensions)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, modelId, dimensions) : null;

    public void Dispose()
    {
    }
}
