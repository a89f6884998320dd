using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;
using static ChatBot.QdrantDouble.QdrantDoubleEngine;

namespace ChatBot.QdrantDouble;

/// <summary>
/// One collection of the double: its definition as created, metadata, payload indexes and points. Like the real
/// server it keeps what makes a large collection quick to search: keyword payload indexes that narrow a filter, an
/// inverted index per sparse vector, and the points in id order for scrolling; the last two are rebuilt on the first
/// read after a change.
/// </summary>
internal sealed class DoubleCollection(CreateCollection definition)
{
    public CreateCollection Definition { get; } = definition;

    public MapField<string, Value> Metadata { get; } = [];

    private readonly Dictionary<string, PayloadSchemaType> _payloadIndexes = new(StringComparer.Ordinal);

    private readonly Dictionary<string, StoredPoint> _points = new(StringComparer.Ordinal);

    // field → keyword → keys of the points holding it, for the indexed keyword fields.
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _keywords = new(StringComparer.Ordinal);

    private readonly Dictionary<string, SparseIndex> _sparse = new(StringComparer.Ordinal);

    private List<StoredPoint>? _ordered;

    public IReadOnlyDictionary<string, StoredPoint> Points => _points;

    public IReadOnlyDictionary<string, PayloadSchemaType> PayloadIndexes => _payloadIndexes;

    public void Put(StoredPoint point)
    {
        Remove(point.Key);
        _points[point.Key] = point;
        foreach (var (field, keywords) in _keywords)
        {
            if (KeywordOf(point, field) is { } keyword)
            {
                (keywords.TryGetValue(keyword, out var keys) ? keys : keywords[keyword] = new(StringComparer.Ordinal)).Add(point.Key);
            }
        }

        Changed();
    }

    public void Remove(string key)
    {
        if (!_points.Remove(key, out var point))
        {
            return;
        }

        foreach (var (field, keywords) in _keywords)
        {
            if (KeywordOf(point, field) is { } keyword && keywords.TryGetValue(keyword, out var keys))
            {
                keys.Remove(key);
            }
        }

        Changed();
    }

    public void IndexKeyword(string field)
    {
        _payloadIndexes[field] = PayloadSchemaType.Keyword;
        _keywords[field] = _points.Values
            .Select(p => (p.Key, Keyword: KeywordOf(p, field)))
            .Where(p => p.Keyword is not null)
            .GroupBy(p => p.Keyword!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>The points a filter lets through, in id order; through a keyword payload index when the filter
    /// requires an indexed keyword.</summary>
    public IReadOnlyList<StoredPoint> Select(Filter? filter)
    {
        _ordered ??= [.. _points.Values.OrderBy(p => p.Key, StringComparer.Ordinal)];
        if (filter is null)
        {
            return _ordered;
        }

        foreach (var (field, keyword) in DoubleFilter.RequiredKeywords(filter))
        {
            if (_keywords.TryGetValue(field, out var keywords))
            {
                return keywords.TryGetValue(keyword, out var keys)
                    ? DoubleFilter.Apply([.. keys.Order(StringComparer.Ordinal).Select(k => _points[k])], filter)
                    : [];
            }
        }

        return DoubleFilter.Apply(_ordered, filter);
    }

    private void Changed()
    {
        _ordered = null;
        _sparse.Clear();
    }

    private static string? KeywordOf(StoredPoint point, string field) =>
        point.Payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;

    private MapField<string, VectorParams> Dense =>
        Definition.VectorsConfig?.Params is { } single ? new MapField<string, VectorParams> { [""] = single } : Definition.VectorsConfig?.ParamsMap?.Map ?? [];

    private MapField<string, SparseVectorParams> SparseParams => Definition.SparseVectorsConfig?.Map ?? [];

    /// <summary>A point's key: the number, or the UUID in canonical lower-case form. Anything else is refused, as by Qdrant.</summary>
    public static string KeyOf(PointId id) => id.PointIdOptionsCase switch
    {
        PointId.PointIdOptionsOneofCase.Num => "n:" + id.Num.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
        PointId.PointIdOptionsOneofCase.Uuid when Guid.TryParse(id.Uuid, out var uuid) => "u:" + uuid.ToString("D"),
        PointId.PointIdOptionsOneofCase.Uuid => throw Invalid($"Unable to parse UUID: {id.Uuid}"),
        _ => throw Invalid("Wrong input: point id is empty"),
    };

    /// <summary>Checks a point against the collection's vectors and returns it as stored (cosine vectors normalised).</summary>
    public StoredPoint Validate(PointStruct point)
    {
        var key = KeyOf(point.Id);
        var named = point.Vectors?.VectorsOptionsCase switch
        {
            Vectors.VectorsOptionsOneofCase.Vectors_ => point.Vectors.Vectors_.Vectors,
            Vectors.VectorsOptionsOneofCase.Vector => new MapField<string, Vector> { [""] = point.Vectors.Vector },
            _ => [],
        };
        var stored = new Dictionary<string, StoredVector>(StringComparer.Ordinal);
        foreach (var (name, vector) in named)
        {
            if (Dense.TryGetValue(name, out var parameters))
            {
                stored[name] = StoredVector.Dense(name, vector, parameters);
            }
            else if (SparseParams.ContainsKey(name))
            {
                stored[name] = StoredVector.Sparse(name, vector);
            }
            else
            {
                throw Invalid($"Wrong input: Not existing vector name error: {(name.Length == 0 ? "<default>" : name)}");
            }
        }

        foreach (var name in Dense.Keys.Where(n => !stored.ContainsKey(n)))
        {
            throw Invalid($"Wrong input: Missing vector: {(name.Length == 0 ? "<default>" : name)}");
        }

        var payload = new MapField<string, Value>();
        foreach (var (field, value) in point.Payload)
        {
            payload[field] = value.Clone();
        }

        return new StoredPoint(key, point.Id.Clone(), stored, payload);
    }

    /// <summary>Nearest-neighbour search on one named vector among the pool's points, exact (real Qdrant is exact below
    /// its indexing threshold, and its sparse search always is).</summary>
    public List<(StoredPoint Point, double Score)> Nearest(IReadOnlyList<StoredPoint> pool, VectorInput input, string name, int limit)
    {
        if (Dense.TryGetValue(name, out var parameters))
        {
            var query = DenseQuery(input, name, parameters);
            var top = new TopScores(limit);
            foreach (var point in pool)
            {
                if (point.Vectors.TryGetValue(name, out var vector))
                {
                    top.Offer(point, vector.Score(query));
                }
            }

            return top.Ranked();
        }

        if (SparseParams.TryGetValue(name, out var sparse))
        {
            if (input.VariantCase != VectorInput.VariantOneofCase.Sparse)
            {
                throw Invalid($"Wrong input: vector '{name}' is sparse; the query is {input.VariantCase}");
            }

            if (!_sparse.TryGetValue(name, out var index))
            {
                index = _sparse[name] = SparseIndex.Of(_points.Values, name);
            }

            // The pool holds distinct points of this collection, so a pool as large as the collection is all of it.
            var within = pool.Count == _points.Count ? null : pool.ToHashSet();
            var scores = index.Scores(input.Sparse.Indices, input.Sparse.Values, sparse.HasModifier && sparse.Modifier == Modifier.Idf);
            var top = new TopScores(limit);
            foreach (var (point, score) in scores)
            {
                if (score > 0 && (within is null || within.Contains(point)))
                {
                    top.Offer(point, score);
                }
            }

            return top.Ranked();
        }

        throw Invalid($"Wrong input: Not existing vector name error: {(name.Length == 0 ? "<default>" : name)}");
    }

    private static List<float[]> DenseQuery(VectorInput input, string name, VectorParams parameters)
    {
        var rows = input.VariantCase switch
        {
            VectorInput.VariantOneofCase.Dense => [input.Dense.Data.ToArray()],
            VectorInput.VariantOneofCase.MultiDense => input.MultiDense.Vectors.Select(v => v.Data.ToArray()).ToList(),
            _ => throw Invalid($"Wrong input: vector '{name}' is dense; the query is {input.VariantCase}"),
        };
        if (rows.Any(r => (ulong)r.Length != parameters.Size))
        {
            throw Invalid($"Wrong input: Vector dimension error: expected dim: {parameters.Size}, got {rows.First(r => (ulong)r.Length != parameters.Size).Length}");
        }

        if (rows.Count > 1 && parameters.MultivectorConfig is null)
        {
            throw Invalid($"Wrong input: vector '{name}' is not a multivector");
        }

        return [.. rows.Select(r => StoredVector.Normalise(r, parameters.Distance))];
    }
}
