using System.Numerics.Tensors;
using ChatBot.Knowledge.Passages;

namespace ChatBot.Knowledge.Index;

/// <summary>A passage with its vectors: one for the whole passage and one per sentence, all unit length.</summary>
public sealed record IndexedPassage(Passage Passage, float[] Vector, IReadOnlyList<float[]> SentenceVectors)
{
    /// <summary>The passage's vector, then its sentences': the order the stores keep them in.</summary>
    public IEnumerable<float[]> Rows => SentenceVectors.Prepend(Vector);

    /// <summary>How close <paramref name="query"/> comes to the passage: the best cosine similarity to its own vector or
    /// one of its sentences', the dense score every store gives a passage.</summary>
    public double Similarity(ReadOnlySpan<float> query)
    {
        double best = TensorPrimitives.Dot(query, Vector);
        foreach (var sentence in SentenceVectors)
        {
            best = Math.Max(best, TensorPrimitives.Dot(query, sentence));
        }

        return best;
    }

    /// <summary>The passage with its vectors cut from <paramref name="rows"/>, laid out as <see cref="Rows"/>.</summary>
    public static IndexedPassage FromRows(Passage passage, ReadOnlySpan<float> rows, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var sentences = new float[passage.Sentences.Count][];
        for (var s = 0; s < sentences.Length; s++)
        {
            sentences[s] = rows.Slice((s + 1) * dimensions, dimensions).ToArray();
        }

        return new IndexedPassage(passage, rows[..dimensions].ToArray(), sentences);
    }
}

/// <summary>What the index knows of one source document: enough to tell whether the file changed since.</summary>
public sealed record IndexedDocument(string Id, string Title, string? SourceUrl, string ContentHash, int PassageCount);

/// <summary>What an index holds: the embedding model its vectors came from and the documents in it.</summary>
public sealed record IndexManifest(string EmbeddingModel, int Dimensions, IReadOnlyDictionary<string, IndexedDocument> Documents);

/// <summary>A document's new passages, replacing whatever the index held for it.</summary>
public sealed record DocumentPassages(IndexedDocument Document, IReadOnlyList<IndexedPassage> Passages);

/// <summary>One ingestion's changes, applied together.</summary>
/// <param name="ReplaceAll">Drop everything the index holds first (a new embedding model, or a rebuild).</param>
public sealed record IndexChanges(
    string EmbeddingModel,
    int Dimensions,
    bool ReplaceAll,
    IReadOnlyList<DocumentPassages> Upserts,
    IReadOnlyList<string> Removals)
{
    public bool IsEmpty => !ReplaceAll && Upserts.Count == 0 && Removals.Count == 0;

    /// <summary>Throws <see cref="IncompatibleIndexException"/> when these changes would add vectors of another model or
    /// size to an index (<paramref name="indexDescription"/>) described by <paramref name="manifest"/> without replacing
    /// it whole.</summary>
    public void EnsureFits(IndexManifest manifest, string indexDescription)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!ReplaceAll && (manifest.EmbeddingModel != EmbeddingModel || manifest.Dimensions != Dimensions))
        {
            throw new IncompatibleIndexException(
                $"{indexDescription} holds {manifest.Dimensions}-d vectors of '{manifest.EmbeddingModel}'; changes from " +
                $"'{EmbeddingModel}' ({Dimensions}-d) must replace it whole.");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless every vector has <see cref="Dimensions"/> entries and every
    /// passage one vector per sentence. Stores call it before writing anything, so a bad change leaves no trace.</summary>
    public void ValidateVectors()
    {
        foreach (var passage in Upserts.SelectMany(u => u.Passages))
        {
            if (passage.Vector.Length != Dimensions || passage.SentenceVectors.Any(v => v.Length != Dimensions))
            {
                throw new ArgumentException($"Passage {passage.Passage.Id} has a vector that is not {Dimensions}-dimensional.", "changes");
            }

            if (passage.SentenceVectors.Count != passage.Passage.Sentences.Count)
            {
                throw new ArgumentException(
                    $"Passage {passage.Passage.Id} has {passage.Passage.Sentences.Count} sentences but {passage.SentenceVectors.Count} sentence vectors.",
                    "changes");
            }
        }
    }
}

/// <summary>A hybrid query: the question's vector for dense search and its text for keyword search.</summary>
public sealed record HybridQuery(ReadOnlyMemory<float> Vector, string Text, int Top)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the vector fits an index of <paramref name="dimensions"/>.</summary>
    public void ValidateDimensions(int dimensions)
    {
        if (Vector.Length != dimensions)
        {
            throw new ArgumentException(
                $"The query vector has {Vector.Length} dimensions; the index holds {dimensions}-dimensional vectors.");
        }
    }
}

/// <summary>A passage found by a hybrid query.</summary>
/// <param name="Score">The fused score (reciprocal rank fusion of the dense and keyword rankings).</param>
/// <param name="DenseScore">The best cosine similarity of the query to the passage or one of its sentences.</param>
/// <param name="KeywordScore">The passage's keyword (BM25) score; zero when no query term occurs in it.</param>
public sealed record PassageHit(IndexedPassage Passage, double Score, double DenseScore, double KeywordScore);
