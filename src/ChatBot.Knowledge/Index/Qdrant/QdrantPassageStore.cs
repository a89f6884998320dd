using System.Collections.Frozen;
using BitFaster.Caching.Lru;
using ChatBot.Knowledge.Text;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace ChatBot.Knowledge.Index.Qdrant;

/// <summary>
/// The production store: passages in a Qdrant collection (layout in <see cref="QdrantPoints"/>), searched with one
/// Query API request that prefetches dense and keyword candidates and fuses them by RRF on the server.
/// </summary>
/// <remarks>
/// Changes are written in an order that converges after a crash: new points first (upserts by deterministic id, so
/// unchanged passages are rewritten in place), then the stale points of changed documents and the points of removed
/// ones (deleted by filter), and the manifest last. Until the manifest is written a changed document still looks
/// changed, so the next ingestion redoes it; nothing is duplicated for longer than one interrupted ingestion.
/// </remarks>
public sealed partial class QdrantPassageStore : IPassageStore, IDisposable
{
    private const uint ScrollPage = 256;

    private readonly QdrantClient _client;
    private readonly QdrantStoreOptions _options;
    private readonly QdrantRetry _retry;
    private readonly ILogger<QdrantPassageStore> _logger;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly ConcurrentLru<string, IndexedPassage>? _passages;

    // Learnt from the collection on first use and dropped after each change, so searches need no extra round trip.
    private volatile FrozenSet<string>? _vocabulary;
    private volatile Shape? _shape;

    // Once this store has made or seen its collection, a missing collection means it was deleted, not "not yet built".
    private volatile bool _collectionSeen;

    public QdrantPassageStore(QdrantClient client, QdrantStoreOptions options, TimeProvider time, ILogger<QdrantPassageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _logger = logger;
        _retry = new QdrantRetry(options, time, logger);
        // The library's smallest cache holds three.
        _passages = options.PassageCacheSize > 0 ? new(Environment.ProcessorCount, Math.Max(options.PassageCacheSize, 3), StringComparer.Ordinal) : null;
    }

    public string Description => $"Qdrant collection '{_options.Collection}' at {_options.Endpoint}";

    public string Kind => "qdrant";

    public bool IsShared => true;

    /// <summary>A client for <paramref name="options"/>: TLS for an https endpoint (optionally pinned to a certificate
    /// thumbprint), the API key as the <c>api-key</c> header, and a deadline on every call. The client's own logging is
    /// off: it logs every failed call as an error, including the expected "collection not found", and the store logs
    /// what matters itself.</summary>
    public static QdrantClient CreateClient(QdrantStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channel = QdrantChannel.ForAddress(new Uri(options.Endpoint), new ClientConfiguration
        {
            ApiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey,
            CertificateThumbprint = string.IsNullOrEmpty(options.CertificateThumbprint) ? null : options.CertificateThumbprint,
        });
        return new QdrantClient(new QdrantGrpcClient(channel), options.CallTimeout, NullLoggerFactory.Instance);
    }

    public async Task<IndexManifest?> GetManifestAsync(CancellationToken cancellationToken = default)
    {
        var info = await GetCollectionAsync(cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return null;
        }

        var metadata = info.Config.Metadata;
        if (QdrantPoints.DenseSize(info) is not { } dimensions
            || !metadata.TryGetValue(QdrantPoints.ModelKey, out var model)
            || !metadata.TryGetValue(QdrantPoints.DocumentsKey, out var documents))
        {
            throw new IncompatibleIndexException(
                $"{Description} was not created by ChatBot (it lacks the '{QdrantPoints.Dense}' multivector, the " +
                $"'{QdrantPoints.Keywords}' sparse vector or the manifest metadata). Point VectorStore:Qdrant:Collection at " +
                "another collection, or rebuild to replace it (ingest --rebuild).");
        }

        var shape = new Shape(dimensions, model.StringValue);
        if (_shape != shape)
        {
            // Another instance rebuilt the collection: cached passages may carry the old vectors.
            _passages?.Clear();
        }

        _shape = shape;
        _collectionSeen = true;
        return new IndexManifest(model.StringValue, dimensions, QdrantPoints.DeserializeDocuments(documents.StringValue));
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (long)await _retry.RunAsync("count", ct => _client.CountAsync(_options.Collection, exact: true, cancellationToken: ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return 0;
        }
    }

    public async Task<IReadOnlyList<PassageHit>> SearchAsync(HybridQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Top);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var dimensions = _shape?.Dimensions ?? (await GetManifestAsync(cancellationToken).ConfigureAwait(false))?.Dimensions;
            if (dimensions is null)
            {
                return _collectionSeen ? throw Vanished(null) : [];
            }

            query.ValidateDimensions(dimensions.Value);

            var vocabulary = _vocabulary ?? await LoadVocabularyAsync(cancellationToken).ConfigureAwait(false);
            var keywords = KeywordWeights.ForQuery(query.Text, vocabulary);

            var results = await _retry.RunAsync("query", ct => _client.QueryBatchAsync(_options.Collection, BuildQueries(query, keywords), cancellationToken: ct), cancellationToken)
                .ConfigureAwait(false);
            var passages = await PassagesAsync(results[0].Result.Select(p => p.Id), cancellationToken).ConfigureAwait(false);
            return ToHits(query, results, passages);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw Vanished(ex);
        }
    }

    /// <summary>The collection this store made or found is gone (deleted by someone). Reporting the store unavailable,
    /// rather than empty, makes the bot prepare its knowledge again, which recreates the collection.</summary>
    private StoreUnavailableException Vanished(RpcException? cause)
    {
        _shape = null;
        _passages?.Clear();
        return new StoreUnavailableException($"{Description} no longer exists; it will be recreated from the corpus.", cause);
    }

    public async Task ApplyAsync(IndexChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        changes.ValidateVectors();
        cancellationToken.ThrowIfCancellationRequested();
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var documents = await PrepareCollectionAsync(changes, cancellationToken).ConfigureAwait(false);
            var points = changes.Upserts.SelectMany(u => u.Passages.Select(p => QdrantPoints.ToPoint(p, u.Document))).ToList();
            foreach (var batch in points.Chunk(_options.UpsertBatchSize))
            {
                await _retry.RunAsync("upsert", ct => _client.UpsertAsync(_options.Collection, batch, wait: true, cancellationToken: ct), cancellationToken)
                    .ConfigureAwait(false);
            }

            foreach (var upsert in changes.Upserts)
            {
                var kept = upsert.Passages.Select(p => p.Passage.Id).ToList();
                var stale = new Filter { Must = { MatchKeyword(QdrantPoints.DocumentId, upsert.Document.Id) } };
                if (kept.Count > 0)
                {
                    stale.MustNot.Add(HasId(kept));
                }

                await DeleteAsync(stale, cancellationToken).ConfigureAwait(false);
                documents[upsert.Document.Id] = upsert.Document;
            }

            foreach (var removal in changes.Removals)
            {
                await DeleteAsync(new Filter { Must = { MatchKeyword(QdrantPoints.DocumentId, removal) } }, cancellationToken).ConfigureAwait(false);
                documents.Remove(removal);
            }

            var metadata = new Dictionary<string, Value>
            {
                [QdrantPoints.ModelKey] = changes.EmbeddingModel,
                [QdrantPoints.DocumentsKey] = QdrantPoints.SerializeDocuments(documents.Values),
            };
            await _retry.RunAsync("manifest update", ct => _client.UpdateCollectionAsync(_options.Collection, metadata, cancellationToken: ct), cancellationToken)
                .ConfigureAwait(false);
            LogApplied(_logger, _options.Collection, points.Count, changes.Upserts.Count, changes.Removals.Count);
        }
        finally
        {
            // A rebuild may bring other vectors (another model) and an upsert another title under the same point ids.
            _vocabulary = null;
            _passages?.Clear();
            _writes.Release();
        }
    }

    public void Dispose()
    {
        _writes.Dispose();
        _client.Dispose();
    }

    /// <summary>Makes sure a collection fit for <paramref name="changes"/> exists and returns its documents: creates a
    /// missing one, reuses a compatible one, recreates it only for a full replacement, and refuses anything else.</summary>
    private async Task<Dictionary<string, IndexedDocument>> PrepareCollectionAsync(IndexChanges changes, CancellationToken cancellationToken)
    {
        _shape = null;
        if (changes.ReplaceAll)
        {
            if (await GetCollectionAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                LogRecreating(_logger, _options.Collection);
                await _retry.RunAsync("collection delete", ct => _client.DeleteCollectionAsync(_options.Collection, cancellationToken: ct), cancellationToken)
                    .ConfigureAwait(false);
            }

            await CreateCollectionAsync(changes, cancellationToken).ConfigureAwait(false);
            return new Dictionary<string, IndexedDocument>(StringComparer.Ordinal);
        }

        var manifest = await GetManifestAsync(cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            await CreateCollectionAsync(changes, cancellationToken).ConfigureAwait(false);
            return new Dictionary<string, IndexedDocument>(StringComparer.Ordinal);
        }

        changes.EnsureFits(manifest, Description);
        return manifest.Documents.ToDictionary(StringComparer.Ordinal);
    }

    private async Task CreateCollectionAsync(IndexChanges changes, CancellationToken cancellationToken)
    {
        try
        {
            await _retry.RunAsync(
                "collection create",
                ct => _client.CreateCollectionAsync(QdrantPoints.Collection(_options.Collection, changes.EmbeddingModel, changes.Dimensions), ct),
                cancellationToken).ConfigureAwait(false);
            LogCreated(_logger, _options.Collection, changes.Dimensions, changes.EmbeddingModel);
            _collectionSeen = true;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.AlreadyExists)
        {
            // Another instance (or a retried call that had landed) created it first: use it when it fits.
            var manifest = await GetManifestAsync(cancellationToken).ConfigureAwait(false);
            if (manifest is null)
            {
                throw;
            }

            changes.EnsureFits(manifest, Description);
        }

        await _retry.RunAsync(
            "payload index",
            ct => _client.CreatePayloadIndexAsync(_options.Collection, QdrantPoints.DocumentId, PayloadSchemaType.Keyword, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<CollectionInfo?> GetCollectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.RunAsync("collection info", ct => _client.GetCollectionInfoAsync(_options.Collection, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private Task<UpdateResult> DeleteAsync(Filter filter, CancellationToken cancellationToken) =>
        _retry.RunAsync("delete", ct => _client.DeleteAsync(_options.Collection, filter, wait: true, cancellationToken: ct), cancellationToken);

    /// <summary>The passages of <paramref name="ids"/>: from the cache, the others fetched in one request.</summary>
    private async Task<Dictionary<string, IndexedPassage>> PassagesAsync(IEnumerable<PointId> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IndexedPassage>(StringComparer.Ordinal);
        var missing = new List<PointId>();
        foreach (var id in ids)
        {
            if (_passages is not null && _passages.TryGet(id.Uuid, out var passage))
            {
                found[id.Uuid] = passage;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            var points = await _retry.RunAsync(
                "retrieve",
                ct => _client.RetrieveAsync(_options.Collection, missing, true, new WithVectorsSelector { Include = new VectorsSelector { Names = { QdrantPoints.Dense } } }, cancellationToken: ct),
                cancellationToken).ConfigureAwait(false);
            foreach (var point in points)
            {
                var passage = QdrantPoints.FromPoint(point);
                found[point.Id.Uuid] = passage;
                _passages?.AddOrUpdate(point.Id.Uuid, passage);
            }
        }

        return found;
    }

    /// <summary>The index's keyword vocabulary, which question terms are matched against (for typos and joined words),
    /// read from the passages' text.</summary>
    private async Task<FrozenSet<string>> LoadVocabularyAsync(CancellationToken cancellationToken)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        PointId? offset = null;
        do
        {
            var from = offset;
            var page = await _retry.RunAsync(
                "scroll",
                ct => _client.ScrollAsync(_options.Collection, limit: ScrollPage, offset: from, payloadSelector: new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { QdrantPoints.Text } } }, vectorsSelector: false, cancellationToken: ct),
                cancellationToken).ConfigureAwait(false);
            foreach (var point in page.Result)
            {
                terms.UnionWith(TermTokenizer.Terms(QdrantPoints.TextOf(point)));
            }

            offset = page.NextPageOffset;
        }
        while (offset is not null);

        var vocabulary = terms.ToFrozenSet(StringComparer.Ordinal);
        _vocabulary = vocabulary;
        return vocabulary;
    }

    /// <summary>The fused query, and a keyword-only query over the same candidates that reports keyword scores (the
    /// fused query reports only the fused score), sent together in one request. Both return ids and scores only; the
    /// passages come from the cache or one follow-up request.</summary>
    private List<QueryPoints> BuildQueries(HybridQuery query, IReadOnlyDictionary<string, double> keywords)
    {
        var candidates = (ulong)HybridSearch.CandidateCount(query.Top);
        var vector = query.Vector.ToArray();
        var fused = new QueryPoints
        {
            CollectionName = _options.Collection,
            Prefetch = { new PrefetchQuery { Query = (float[][])[vector], Using = QdrantPoints.Dense, Limit = candidates } },
            Query = new Query { Rrf = new Rrf { K = (uint)ReciprocalRankFusion.K } },

            // RRF gives equal scores often; the server cuts ties at the limit its own way. Fetching twice as many lets
            // ties at the cut be broken here by dense similarity, as the embedded store breaks them.
            Limit = (ulong)query.Top * 2,
            WithPayload = false,
            WithVectors = false,
        };
        var queries = new List<QueryPoints> { fused };
        if (keywords.Count > 0)
        {
            Query sparse = QdrantPoints.SparseWeights(keywords);
            fused.Prefetch.Add(new PrefetchQuery { Query = sparse, Using = QdrantPoints.Keywords, Limit = candidates });
            queries.Add(new QueryPoints
            {
                CollectionName = _options.Collection,
                Query = sparse,
                Using = QdrantPoints.Keywords,
                Limit = candidates,
                WithPayload = false,
            });
        }

        return queries;
    }

    private static List<PassageHit> ToHits(HybridQuery query, IReadOnlyList<BatchResult> results, Dictionary<string, IndexedPassage> passages)
    {
        var keywordScores = results.Count > 1
            ? results[1].Result.ToDictionary(p => p.Id.Uuid, p => (double)p.Score, StringComparer.Ordinal)
            : [];
        var hits = new List<PassageHit>(results[0].Result.Count);
        foreach (var point in results[0].Result)
        {
            // A point deleted between the query and the fetch is left out.
            if (!passages.TryGetValue(point.Id.Uuid, out var passage))
            {
                continue;
            }

            hits.Add(new PassageHit(passage, point.Score, passage.Similarity(query.Vector.Span), keywordScores.GetValueOrDefault(point.Id.Uuid)));
        }

        return [.. hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.DenseScore).Take(query.Top)];
    }

    /// <summary>What the collection's vectors are: their size and the model they came from.</summary>
    private sealed record Shape(int Dimensions, string Model);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Created Qdrant collection {Collection} for {Dimensions}-d vectors of {Model}")]
    private static partial void LogCreated(ILogger logger, string collection, int dimensions, string model);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Rebuilding: deleting Qdrant collection {Collection} to recreate it")]
    private static partial void LogRecreating(ILogger logger, string collection);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Information, Message = "Wrote {Points} points to Qdrant collection {Collection} ({Documents} documents upserted, {Removed} removed)")]
    private static partial void LogApplied(ILogger logger, string collection, int points, int documents, int removed);
}
