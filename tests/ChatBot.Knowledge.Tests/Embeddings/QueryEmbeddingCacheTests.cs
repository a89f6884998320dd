using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace ChatBot.Knowledge.Tests.Embeddings;

public sealed class QueryEmbeddingCacheTests
{
    [Fact]
    public async Task GenerateAsync_SameQuestionTwice_EmbedsOnce()
    {
        var inner = new HashingEmbeddingGenerator();
        using var cache = new QueryEmbeddingCache(inner, capacity: 2);

        var first = await cache.GenerateVectorAsync("When was the ceasefire signed?");
        var second = await cache.GenerateVectorAsync("When was the ceasefire signed?");

        Assert.Single(inner.Batches);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_OverCapacity_KeepsTheRecentAndDropsTheOld()
    {
        var inner = new HashingEmbeddingGenerator();
        using var cache = new QueryEmbeddingCache(inner, capacity: 3);

        foreach (var text in new[] { "a", "b", "c", "d", "e", "f" })
        {
            await cache.GenerateVectorAsync(text);
        }

        await cache.GenerateVectorAsync("f");
        await cache.GenerateVectorAsync("a");

        Assert.Equal(["a", "b", "c", "d", "e", "f", "a"], inner.Batches.Select(b => b[0]));
    }

    [Fact]
    public async Task GenerateAsync_Batches_PassThrough()
    {
        var inner = new HashingEmbeddingGenerator();
        using var cache = new QueryEmbeddingCache(inner, capacity: 10);

        await cache.GenerateAsync(["a", "b"]);
        await cache.GenerateAsync(["a", "b"]);

        Assert.Equal(2, inner.Batches.Count);
    }
}
