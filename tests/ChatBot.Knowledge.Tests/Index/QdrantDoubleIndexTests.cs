using ChatBot.Knowledge.Index.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace ChatBot.Knowledge.Tests.Index;

/// <summary>The test double's indexes (keyword payload index, sparse inverted index, top-k selection) are speed only:
/// what a filter or a search returns is the same with them as by checking every point, as on the real server.</summary>
public sealed class QdrantDoubleIndexTests(QdrantDoubleFixture qdrant) : IClassFixture<QdrantDoubleFixture>, IDisposable
{
    private const string Document = "document";
    private const string Words = "words";
    private readonly QdrantClient _client = QdrantPassageStore.CreateClient(new QdrantStoreOptions { Endpoint = qdrant.Server.Endpoint.ToString() });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Delete_ThisDocumentButNotTheseIds_RemovesTheSamePointsWithOrWithoutAPayloadIndex(bool indexed)
    {
        var name = await CreateAsync(indexed);
        await _client.UpsertAsync(name, [.. Enumerable.Range(1, 30).Select(i => Point((ulong)i, $"doc-{i % 3}", [(uint)i], [1f]))]);

        await _client.DeleteAsync(name, new Filter { Must = { MatchKeyword(Document, "doc-1") }, MustNot = { HasId([1UL, 4UL]) } });

        var left = await _client.ScrollAsync(name, limit: 100);
        var expected = Enumerable.Range(1, 30).Where(i => i % 3 != 1 || i is 1 or 4).Select(i => (ulong)i);
        Assert.Equal(expected, left.Result.Select(p => p.Id.Num));
        Assert.Equal(2UL, await _client.CountAsync(name, MatchKeyword(Document, "doc-1"), exact: true));

        // A point moved to another document leaves the index entry of its old one.
        await _client.UpsertAsync(name, [Point(4, "doc-2", [4], [1f])]);
        Assert.Equal(1UL, await _client.CountAsync(name, MatchKeyword(Document, "doc-1"), exact: true));
        Assert.Equal(11UL, await _client.CountAsync(name, MatchKeyword(Document, "doc-2"), exact: true));
    }

    [Fact]
    public async Task SparseSearch_ScoresAsADotProductWithIdfOverEveryPoint_WithinAFilter()
    {
        var name = await CreateAsync(indexed: true);
        var points = new (ulong Id, string Doc, uint[] Indices, float[] Values)[]
        {
            (1, "a", [1, 2], [1f, 1f]), (2, "a", [2], [2f]), (3, "b", [1, 3], [3f, 1f]),
            (4, "a", [3], [1f]), (5, "b", [2, 3], [1f, 1f]), (6, "a", [1], [0.5f]),
        };
        await _client.UpsertAsync(name, [.. points.Select(p => Point(p.Id, p.Doc, p.Indices, p.Values))]);
        uint[] query = [1, 2];
        float[] weights = [1f, 2f];

        // Batched, as the store queries.
        var results = await _client.QueryBatchAsync(name,
        [
            new QueryPoints { CollectionName = name, Query = (weights, query), Using = Words, Limit = 10 },
            new QueryPoints { CollectionName = name, Query = (weights, query), Using = Words, Filter = MatchKeyword(Document, "a"), Limit = 2 },
        ]);
        var (all, withinA) = (results[0].Result, results[1].Result);

        double Idf(uint index)
        {
            var n = points.Count(p => p.Indices.Contains(index));
            return Math.Log(1 + ((points.Length - n + 0.5) / (n + 0.5)));
        }

        var expected = points
            .Select(p => (p.Id, p.Doc, Score: query.Select((q, i) => Array.IndexOf(p.Indices, q) is var at and >= 0 ? weights[i] * p.Values[at] * Idf(q) : 0).Sum()))
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score).ThenBy(p => p.Id)
            .ToList();
        Assert.Equal(expected.Select(p => p.Id), all.Select(p => p.Id.Num));
        Assert.Equal(expected.Select(p => (float)p.Score), all.Select(p => p.Score), (x, y) => Math.Abs(x - y) < 1e-4);
        Assert.Equal(expected.Where(p => p.Doc == "a").Take(2).Select(p => p.Id), withinA.Select(p => p.Id.Num));
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> CreateAsync(bool indexed)
    {
        var name = $"index-{Guid.NewGuid():N}";
        await _client.CreateCollectionAsync(new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = 2, Distance = Distance.Cosine } },
            SparseVectorsConfig = new SparseVectorConfig { Map = { [Words] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        });
        if (indexed)
        {
            await _client.CreatePayloadIndexAsync(name, Document, PayloadSchemaType.Keyword);
        }

        return name;
    }

    private static PointStruct Point(ulong id, string document, uint[] indices, float[] values) => new()
    {
        Id = id,
        Vectors = new Dictionary<string, Vector> { [""] = new[] { 1f, id }, [Words] = (values, indices) },
        Payload = { [Document] = document },
    };
}
