using ChatBot.Knowledge.Embeddings;

namespace ChatBot.Knowledge.Tests.Embeddings;

/// <summary>One loaded MiniLM model shared by the tests of a class (loading takes about half a second).</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new(new EmbeddingOptions());

    public void Dispose() => Generator.Dispose();
}
