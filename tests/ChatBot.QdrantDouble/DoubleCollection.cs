using System.Numerics.Tensors;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;
using static ChatBot.QdrantDouble.QdrantDoubleEngine;

namespace ChatBot.QdrantDouble;

/// <summary>One collection of the double: its definition as created, metadata, payload indexes and points.</summary>
internal sealed class DoubleCollection(CreateCollection definition)
{
    public CreateCollection Definition { get; } = definition;

    public MapField<string, Value> Metadata { get; } = [];

    public Dictionary<string, PayloadSchemaType> PayloadIndexes { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, StoredPoint> _points = new(StringComparer.Ordinal);

    // How many points use each index of each sparse vector, worked out once per state of the points: counting them at
    // every query made a search of a large collection take seconds.
    private readonly Dictionary<string, (int Points, Dictionary<uint, int> Using)> _frequencies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StoredPoint> Points => _points;

    public void Put(StoredPoint point)
    {
        _points[point.Key] = point;
        _frequencies.Clear();
    }

    public void Remove(string key)
    {
        if (_points.Remove(key))
        {
            _frequencies.Clear();
        }
    }

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

    /// <summary>Nearest-neighbour search on one named vector, exact (real Qdrant is exact below its indexing threshold).</summary>
    public List<(StoredPoint Point, double Score)> Nearest(IEnumerable<StoredPoint> pool, VectorInput input, string name, int limit)
    {
        Func<StoredVector, double> score;
        if (Dense.TryGetValue(name, out var parameters))
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

            var query = rows.Select(r => StoredVector.Normalise(r, parameters.Distance)).ToList();
            score = v => v.Score(query);
        }
        else if (SparseParams.TryGetValue(name, out var sparse))
        {
            if (input.VariantCase != VectorInput.VariantOneofCase.Sparse)
            {
                throw Invalid($"Wrong input: vector '{name}' is sparse; the query is {input.VariantCase}");
            }

            var idf = sparse.HasModifier && sparse.Modifier == Modifier.Idf ? InverseDocumentFrequencies(name, input.Sparse.Indices) : null;
            score = v => v.SparseDot(input.Sparse.Indices, input.Sparse.Values, idf);
        }
        else
        {
            throw Invalid($"Wrong input: Not existing vector name error: {(name.Length == 0 ? "<default>" : name)}");
        }

        return [.. pool
            .Where(p => p.Vectors.ContainsKey(name))
            .Select(p => (Point: p, Score: score(p.Vectors[name])))
            .Where(r => !SparseParams.ContainsKey(name) || r.Score > 0)
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Point.Key, StringComparer.Ordinal)
            .Take(limit)];
    }

    /// <summary>Qdrant's IDF: ln(1 + (N - n + 0.5) / (n + 0.5)), N the points with this sparse vector, n those using the index.</summary>
    private Dictionary<uint, double> InverseDocumentFrequencies(string name, RepeatedField<uint> indices)
    {
        if (!_frequencies.TryGetValue(name, out var frequencies))
        {
            var counted = new Dictionary<uint, int>();
            var points = 0;
            foreach (var point in _points.Values)
            {
                if (point.Vectors.TryGetValue(name, out var vector))
                {
                    points++;
                    foreach (var index in vector.SparseIndices!)
                    {
                        counted[index] = counted.GetValueOrDefault(index) + 1;
                    }
                }
            }

            frequencies = (points, counted);
            _frequencies[name] = frequencies;
        }

        return indices.Distinct().ToDictionary(i => i, i =>
        {
            var n = frequencies.Using.GetValueOrDefault(i);
            return Math.Log(1 + ((frequencies.Points - n + 0.5) / (n + 0.5)));
        });
    }
}

/// <summary>A stored point.</summary>
internal sealed record StoredPoint(string Key, PointId Id, Dictionary<string, StoredVector> Vectors, MapField<string, Value> Payload);

/// <summary>A stored vector: dense rows (one, or several for a multivector) or a sparse vector.</summary>
internal sealed class StoredVector
{
    private StoredVector(List<float[]>? rows, bool multi, uint[]? indices, float[]? values)
    {
        Rows = rows;
        IsMulti = multi;
        SparseIndices = indices;
        SparseValues = values;
    }

    public List<float[]>? Rows { get; }

    public bool IsMulti { get; }

    public uint[]? SparseIndices { get; }

    public float[]? SparseValues { get; }

    public static StoredVector Dense(string name, Vector vector, VectorParams parameters)
    {
        var rows = vector.VectorCase switch
        {
            Vector.VectorOneofCase.Dense => [vector.Dense.Data.ToArray()],
            Vector.VectorOneofCase.MultiDense => vector.MultiDense.Vectors.Select(v => v.Data.ToArray()).ToList(),
            Vector.VectorOneofCase.None => throw Unsupported(),
            _ => throw Invalid($"Wrong input: Conversion between sparse and regular vectors failed for '{name}'"),
        };
        var multi = vector.VectorCase == Vector.VectorOneofCase.MultiDense;
        if (multi != (parameters.MultivectorConfig is not null))
        {
            throw Invalid($"Wrong input: vector '{name}' expects a {(parameters.MultivectorConfig is null ? "single" : "multi")} dense vector");
        }

        if (rows.Count == 0 || rows.Any(r => (ulong)r.Length != parameters.Size))
        {
            throw Invalid($"Wrong input: Vector dimension error: expected dim: {parameters.Size}, got {(rows.Count == 0 ? 0 : rows.First(r => (ulong)r.Length != parameters.Size).Length)}");
        }

        return new StoredVector([.. rows.Select(r => Normalise(r, parameters.Distance))], multi, null, null);
    }

    public static StoredVector Sparse(string name, Vector vector)
    {
        var (indices, values) = vector.VectorCase switch
        {
            Vector.VectorOneofCase.Sparse => (vector.Sparse.Indices.ToArray(), vector.Sparse.Values.ToArray()),
            Vector.VectorOneofCase.None => throw Unsupported(),
            _ => throw Invalid($"Wrong input: Conversion between sparse and regular vectors failed for '{name}'"),
        };
        if (indices.Length != values.Length)
        {
            throw Invalid($"Wrong input: Sparse vector '{name}' has {indices.Length} indices and {values.Length} values");
        }

        if (indices.Distinct().Count() != indices.Length)
        {
            throw Invalid($"Wrong input: Sparse vector '{name}' has duplicate indices");
        }

        return new StoredVector(null, false, indices, values);
    }

    /// <summary>Qdrant still accepts the deprecated flat form (data with indices or vectors_count); Qdrant.Client no
    /// longer sends it, and the double does not take it.</summary>
    private static RpcException Unsupported() =>
        new(new Status(StatusCode.Unimplemented, "The Qdrant test double does not accept the deprecated flat vector form."));

    public static float[] Normalise(float[] row, Distance distance)
    {
        if (distance != Distance.Cosine)
        {
            return row;
        }

        var norm = Math.Sqrt(row.Sum(x => (double)x * x));
        return norm == 0 ? row : [.. row.Select(x => (float)(x / norm))];
    }

    /// <summary>Similarity to the query rows (cosine rows are stored normalised, so a dot product serves both
    /// distances): for a multivector max_sim, the sum over query rows of the best row.</summary>
    public double Score(List<float[]> query)
    {
        var sum = 0.0;
        foreach (var q in query)
        {
            var best = double.NegativeInfinity;
            foreach (var row in Rows!)
            {
                best = Math.Max(best, TensorPrimitives.Dot(q, row));
            }

            sum += best;
        }

        return sum;
    }

    public double SparseDot(RepeatedField<uint> indices, RepeatedField<float> values, Dictionary<uint, double>? idf)
    {
        var score = 0.0;
        for (var i = 0; i < indices.Count; i++)
        {
            var at = Array.IndexOf(SparseIndices!, indices[i]);
            if (at >= 0)
            {
                score += values[i] * SparseValues![at] * (idf?[indices[i]] ?? 1.0);
            }
        }

        return score;
    }

    public VectorOutput ToOutput()
    {
        if (SparseIndices is not null)
        {
            var sparse = new SparseVector();
            sparse.Indices.Add(SparseIndices);
            sparse.Values.Add(SparseValues!);
            return new VectorOutput { Sparse = sparse };
        }

        if (IsMulti)
        {
            var multi = new MultiDenseVector();
            multi.Vectors.Add(Rows!.Select(r => new DenseVector { Data = { r } }));
            return new VectorOutput { MultiDense = multi };
        }

        return new VectorOutput { Dense = new DenseVector { Data = { Rows![0] } } };
    }
}
