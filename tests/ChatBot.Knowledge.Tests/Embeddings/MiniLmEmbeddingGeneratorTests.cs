using System.Numerics.Tensors;
using ChatBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;

namespace ChatBot.Knowledge.Tests.Embeddings;

public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    [Fact]
    public async Task GenerateAsync_Texts_UnitVectorsOf384Dimensions()
    {
        var embeddings = await fixture.Generator.GenerateAsync(["The ceasefire was signed.", "Peacekeepers withdrew."]);

        Assert.All(embeddings, e => Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, e.Vector.Length));
        Assert.All(embeddings, e => Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 3));
    }

    [Fact]
    public async Task GenerateAsync_Batch_KeepsInputOrderAndMatchesSingleCalls()
    {
        string[] texts = ["A much longer sentence about the peace process and the constitution.", "Short.", "Medium length text here."];

        var batch = await fixture.Generator.GenerateAsync(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = await fixture.Generator.GenerateVectorAsync(texts[i]);
            Assert.True(TensorPrimitives.CosineSimilarity(single.Span, batch[i].Vector.Span) > 0.999);
        }
    }

    [Fact]
    public async Task GenerateAsync_Paraphrase_CloserThanUnrelatedText()
    {
        var e = await fixture.Generator.GenerateAsync(["When was the cease fire signed?", "The ceasefire was signed on November 10, 2020.", "How do I bake bread?"]);

        Assert.True(TensorPrimitives.Dot(e[0].Vector.Span, e[1].Vector.Span) > TensorPrimitives.Dot(e[0].Vector.Span, e[2].Vector.Span) + 0.2f);
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Generator.GenerateAsync(["text"], cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Metadata_NamesModelAndDimensions()
    {
        var metadata = fixture.Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(MiniLmEmbeddingGenerator.ModelId, metadata?.DefaultModelId);
        Assert.Equal(384, metadata?.DefaultModelDimensions);
    }
}
