using System.Numerics.Tensors;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;
using static ChatBot.QdrantDouble.QdrantDoubleEngine;

namespace ChatBot.QdrantDouble;

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
