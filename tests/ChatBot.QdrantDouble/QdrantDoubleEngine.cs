using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace ChatBot.QdrantDouble;

/// <summary>
/// The in-memory Qdrant behind <see cref="QdrantDoubleServer"/>: the RPCs the ChatBot store uses, with the checks real
/// Qdrant makes (collection must exist, point ids are unsigned integers or UUIDs, named vectors must exist and match
/// their size, sparse indices are unique), cosine and max_sim scoring, sparse dot products with the IDF modifier,
/// prefetch with RRF fusion, payload and id filters, get, scroll and count. Status codes and messages follow Qdrant's.
/// </summary>
internal sealed class QdrantDoubleEngine
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DoubleCollection> _collections = new(StringComparer.Ordinal);
    private ulong _operationId;

    public IMessage Handle(string method, IMessage request) => method switch
    {
        "qdrant.Collections/Get" => Get((GetCollectionInfoRequest)request),
        "qdrant.Collections/CollectionExists" => Exists((CollectionExistsRequest)request),
        "qdrant.Collections/Create" => Create((CreateCollection)request),
        "qdrant.Collections/Update" => Update((UpdateCollection)request),
        "qdrant.Collections/Delete" => Delete((DeleteCollection)request),
        "qdrant.Points/Upsert" => Upsert((UpsertPoints)request),
        "qdrant.Points/Delete" => DeletePoints((DeletePoints)request),
        "qdrant.Points/CreateFieldIndex" => CreateFieldIndex((CreateFieldIndexCollection)request),
        "qdrant.Points/Count" => Count((CountPoints)request),
        "qdrant.Points/Scroll" => Scroll((ScrollPoints)request),
        "qdrant.Points/Get" => GetPoints((GetPoints)request),
        "qdrant.Points/QueryBatch" => QueryBatch((QueryBatchPoints)request),
        _ => throw new RpcException(new Status(StatusCode.Unimplemented, $"The Qdrant test double does not implement {method}.")),
    };

    public long PointCount(string collection)
    {
        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c) ? c.Points.Count : 0;
        }
    }

    private GetCollectionInfoResponse Get(GetCollectionInfoRequest request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            var config = new CollectionConfig
            {
                Params = new CollectionParams
                {
                    VectorsConfig = collection.Definition.VectorsConfig.Clone(),
                    SparseVectorsConfig = collection.Definition.SparseVectorsConfig?.Clone(),
                    ShardNumber = 1,
                },
                HnswConfig = new HnswConfigDiff(),
                OptimizerConfig = new OptimizersConfigDiff(),
                WalConfig = new WalConfigDiff(),
            };
            config.Metadata.Add(collection.Metadata);
            var info = new CollectionInfo
            {
                Status = CollectionStatus.Green,
                OptimizerStatus = new OptimizerStatus { Ok = true },
                PointsCount = (ulong)collection.Points.Count,
                SegmentsCount = 1,
                Config = config,
            };
            foreach (var (field, type) in collection.PayloadIndexes)
            {
                info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = type, Points = (ulong)collection.Points.Values.Count(p => p.Payload.ContainsKey(field)) };
            }

            return new GetCollectionInfoResponse { Result = info };
        }
    }

    private CollectionExistsResponse Exists(CollectionExistsRequest request)
    {
        lock (_lock)
        {
            return new CollectionExistsResponse { Result = new CollectionExists { Exists = _collections.ContainsKey(request.CollectionName) } };
        }
    }

    private CollectionOperationResponse Create(CreateCollection request)
    {
        if (string.IsNullOrEmpty(request.CollectionName))
        {
            throw Invalid("Validation error in body: [collection_name: must not be empty]");
        }

        var dense = request.VectorsConfig?.ParamsMap?.Map ?? [];
        if (request.VectorsConfig?.Params is { } single)
        {
            dense = new MapField<string, VectorParams> { [""] = single };
        }

        foreach (var (name, parameters) in dense)
        {
            if (parameters.Size is 0 or > 65536)
            {
                throw Invalid($"Validation error in body: [vectors_config.{name}.size: value {parameters.Size} invalid, must be from 1 to 65536]");
            }

            if (parameters.Distance is not (Distance.Cosine or Distance.Dot))
            {
                throw new RpcException(new Status(StatusCode.Unimplemented, $"The Qdrant test double scores only cosine and dot vectors, not {parameters.Distance}."));
            }
        }

        lock (_lock)
        {
            if (_collections.ContainsKey(request.CollectionName))
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{request.CollectionName}` already exists!"));
            }

            var collection = new DoubleCollection(request.Clone());
            foreach (var (key, value) in request.Metadata)
            {
                collection.Metadata[key] = value.Clone();
            }

            _collections[request.CollectionName] = collection;
            return new CollectionOperationResponse { Result = true };
        }
    }

    private CollectionOperationResponse Update(UpdateCollection request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);

            // Qdrant merges metadata: keys in the request replace those keys, others stay.
            foreach (var (key, value) in request.Metadata)
            {
                collection.Metadata[key] = value.Clone();
            }

            return new CollectionOperationResponse { Result = true };
        }
    }

    private CollectionOperationResponse Delete(DeleteCollection request)
    {
        lock (_lock)
        {
            return new CollectionOperationResponse { Result = _collections.Remove(request.CollectionName) };
        }
    }

    private PointsOperationResponse Upsert(UpsertPoints request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            var stored = request.Points.Select(p => collection.Validate(p)).ToList();
            foreach (var point in stored)
            {
                collection.Put(point);
            }

            return Completed();
        }
    }

    private PointsOperationResponse DeletePoints(DeletePoints request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            var selector = request.Points;
            var doomed = selector.PointsSelectorOneOfCase switch
            {
                PointsSelector.PointsSelectorOneOfOneofCase.Points => selector.Points.Ids.Select(DoubleCollection.KeyOf).ToList(),
                PointsSelector.PointsSelectorOneOfOneofCase.Filter => [.. collection.Select(selector.Filter).Select(p => p.Key)],
                _ => throw Invalid("Wrong input: empty points selector"),
            };
            foreach (var key in doomed)
            {
                collection.Remove(key);
            }

            return Completed();
        }
    }

    private PointsOperationResponse CreateFieldIndex(CreateFieldIndexCollection request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            if (request.FieldType != FieldType.Keyword)
            {
                throw new RpcException(new Status(StatusCode.Unimplemented, $"The Qdrant test double indexes keyword fields only, not {request.FieldType}."));
            }

            collection.IndexKeyword(request.FieldName);
            return Completed();
        }
    }

    private CountResponse Count(CountPoints request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            return new CountResponse { Result = new CountResult { Count = (ulong)collection.Select(request.Filter).Count } };
        }
    }

    private ScrollResponse Scroll(ScrollPoints request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            var limit = request.HasLimit ? (int)request.Limit : 10;
            var ordered = collection.Select(request.Filter);
            var start = request.Offset is null ? 0 : FirstAtOrAfter(ordered, DoubleCollection.KeyOf(request.Offset));
            var page = ordered.Skip(start).Take(limit).ToList();
            var response = new ScrollResponse();
            foreach (var point in page)
            {
                var retrieved = new RetrievedPoint { Id = point.Id.Clone() };
                CopyPayload(point, request.WithPayload, retrieved.Payload);
                retrieved.Vectors = VectorsOf(point, request.WithVectors);
                response.Result.Add(retrieved);
            }

            if (start + limit < ordered.Count)
            {
                response.NextPageOffset = ordered[start + limit].Id.Clone();
            }

            return response;
        }
    }

    private GetResponse GetPoints(GetPoints request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            var response = new GetResponse();
            foreach (var id in request.Ids)
            {
                if (collection.Points.TryGetValue(DoubleCollection.KeyOf(id), out var point))
                {
                    var retrieved = new RetrievedPoint { Id = point.Id.Clone() };
                    CopyPayload(point, request.WithPayload, retrieved.Payload);
                    retrieved.Vectors = VectorsOf(point, request.WithVectors);
                    response.Result.Add(retrieved);
                }
            }

            return response;
        }
    }

    private QueryBatchResponse QueryBatch(QueryBatchPoints request)
    {
        var response = new QueryBatchResponse();
        foreach (var query in request.QueryPoints)
        {
            var result = new BatchResult();
            result.Result.Add(Query(query));
            response.Result.Add(result);
        }

        return response;
    }

    private List<ScoredPoint> Query(QueryPoints request)
    {
        lock (_lock)
        {
            var collection = Find(request.CollectionName);
            var candidates = collection.Select(request.Filter);
            var limit = request.HasLimit ? (int)request.Limit : 10;
            var ranked = Rank(collection, candidates, request.Prefetch, request.Query, request.HasUsing ? request.Using : "", limit);
            return [.. ranked.Select(r =>
            {
                var scored = new ScoredPoint { Id = r.Point.Id.Clone(), Score = (float)r.Score, Version = 0 };
                CopyPayload(r.Point, request.WithPayload, scored.Payload);
                scored.Vectors = VectorsOf(r.Point, request.WithVectors);
                return scored;
            })];
        }
    }

    private static List<(StoredPoint Point, double Score)> Rank(
        DoubleCollection collection, IReadOnlyList<StoredPoint> candidates, RepeatedField<PrefetchQuery> prefetches, Query? query, string vectorName, int limit)
    {
        var sources = prefetches
            .Select(p => Rank(collection, DoubleFilter.Apply(candidates, p.Filter), p.Prefetch, p.Query, p.HasUsing ? p.Using : "", p.HasLimit ? (int)p.Limit : 10))
            .ToList();
        if (query is null)
        {
            return sources.Count == 1 ? [.. sources[0].Take(limit)] : throw Invalid("Wrong input: a query without a 'query' needs exactly one prefetch");
        }

        switch (query.VariantCase)
        {
            case global::Qdrant.Client.Grpc.Query.VariantOneofCase.Rrf:
                return Fuse(sources, query.Rrf.HasK ? (int)query.Rrf.K : DefaultRrfK, limit);
            case global::Qdrant.Client.Grpc.Query.VariantOneofCase.Nearest:
                // With prefetches, the nearest search re-scores only what they found.
                var pool = sources.Count == 0 ? candidates : [.. sources.SelectMany(s => s.Select(r => r.Point)).DistinctBy(p => p.Key)];
                return collection.Nearest(pool, query.Nearest, vectorName, limit);
            default:
                throw new RpcException(new Status(StatusCode.Unimplemented, $"The Qdrant test double does not implement {query.VariantCase} queries."));
        }
    }

    /// <summary>Qdrant's default RRF k (DEFAULT_RRF_K in lib/segment/src/common/reciprocal_rank_fusion.rs).</summary>
    private const int DefaultRrfK = 2;

    /// <summary>Reciprocal rank fusion as Qdrant computes it: each source adds 1 / (k + rank) for a point, ranks counted
    /// from 0.</summary>
    private static List<(StoredPoint Point, double Score)> Fuse(List<List<(StoredPoint Point, double Score)>> sources, int k, int limit)
    {
        var fused = new Dictionary<string, (StoredPoint Point, double Score)>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            for (var rank = 0; rank < source.Count; rank++)
            {
                var point = source[rank].Point;
                fused[point.Key] = (point, fused.GetValueOrDefault(point.Key).Score + (1.0 / (k + rank)));
            }
        }

        return [.. fused.Values.OrderByDescending(f => f.Score).ThenBy(f => f.Point.Key, StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>Where the first point whose key is not before <paramref name="key"/> sits in points sorted by key.</summary>
    private static int FirstAtOrAfter(IReadOnlyList<StoredPoint> ordered, string key)
    {
        var (low, high) = (0, ordered.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = string.CompareOrdinal(ordered[middle].Key, key) < 0 ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    private static void CopyPayload(StoredPoint point, WithPayloadSelector? selector, MapField<string, Value> target)
    {
        if (selector is null || (selector.SelectorOptionsCase == WithPayloadSelector.SelectorOptionsOneofCase.Enable && !selector.Enable))
        {
            return;
        }

        foreach (var (key, value) in point.Payload)
        {
            var included = selector.SelectorOptionsCase switch
            {
                WithPayloadSelector.SelectorOptionsOneofCase.Include => selector.Include.Fields.Contains(key),
                WithPayloadSelector.SelectorOptionsOneofCase.Exclude => !selector.Exclude.Fields.Contains(key),
                _ => true,
            };
            if (included)
            {
                target[key] = value.Clone();
            }
        }
    }

    private static VectorsOutput? VectorsOf(StoredPoint point, WithVectorsSelector? selector)
    {
        if (selector is null || (selector.SelectorOptionsCase == WithVectorsSelector.SelectorOptionsOneofCase.Enable && !selector.Enable))
        {
            return null;
        }

        var named = new NamedVectorsOutput();
        foreach (var (name, vector) in point.Vectors)
        {
            if (selector.SelectorOptionsCase != WithVectorsSelector.SelectorOptionsOneofCase.Include || selector.Include.Names.Contains(name))
            {
                named.Vectors[name] = vector.ToOutput();
            }
        }

        return new VectorsOutput { Vectors = named };
    }

    private DoubleCollection Find(string name) =>
        _collections.TryGetValue(name, out var collection)
            ? collection
            : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));

    private PointsOperationResponse Completed() =>
        new() { Result = new UpdateResult { OperationId = ++_operationId, Status = UpdateStatus.Completed } };

    internal static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
