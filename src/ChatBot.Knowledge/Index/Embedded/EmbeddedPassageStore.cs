using ChatBot.Knowledge.Passages;
using Microsoft.Extensions.Logging;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>
/// The default store: everything in process, exact cosine search plus BM25, persisted to a snapshot file. Reads are
/// lock-free against an immutable state; a change builds the next state, writes it to disk, and only then serves it.
/// </summary>
/// <param name="approximateAbove">Vectors (passages and sentences) above which the dense search is approximate and the
/// vectors stay on disk (<see cref="ApproximateRows"/>).</param>
public sealed partial class EmbeddedPassageStore(string snapshotPath, ILogger<EmbeddedPassageStore> logger, int approximateAbove = EmbeddedStoreOptions.DefaultApproximateAbove)
    : IPassageStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile EmbeddedIndexState? _state;

    public string SnapshotPath => snapshotPath;

    public string Description => $"the embedded index ({snapshotPath})";

    public string Kind => "embedded";

    /// <summary>The snapshot is this process's own copy, rebuilt from the corpus whenever needed.</summary>
    public bool IsShared => false;

    public async Task<IndexManifest?> GetManifestAsync(CancellationToken cancellationToken = default) =>
        (await GetStateAsync(cancellationToken).ConfigureAwait(false)).Manifest;

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        (await GetStateAsync(cancellationToken).ConfigureAwait(false)).Passages.Count;

    public async Task<IReadOnlyList<PassageHit>> SearchAsync(HybridQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Top);
        var state = await GetStateAsync(cancellationToken).ConfigureAwait(false);
        return state.Search(query, cancellationToken);
    }

    public async Task ApplyAsync(IndexChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        changes.ValidateVectors();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _state ?? await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (current.Manifest is { } existing)
            {
                changes.EnsureFits(existing, Description);
            }

            var replaced = changes.Upserts.Select(u => u.Document.Id).Concat(changes.Removals).ToHashSet(StringComparer.Ordinal);
            var documents = changes.ReplaceAll || current.Manifest is null
                ? new Dictionary<string, IndexedDocument>(StringComparer.Ordinal)
                : current.Manifest.Documents.Where(d => !replaced.Contains(d.Key)).ToDictionary(StringComparer.Ordinal);
            var passages = changes.ReplaceAll
                ? []
                : current.Indexed().Where(p => !replaced.Contains(p.Passage.DocumentId)).ToList();
            foreach (var upsert in changes.Upserts)
            {
                documents[upsert.Document.Id] = upsert.Document;
                passages.AddRange(upsert.Passages);
            }

            passages.Sort((a, b) =>
            {
                var byDocument = string.CompareOrdinal(a.Passage.DocumentId, b.Passage.DocumentId);
                return byDocument != 0 ? byDocument : a.Passage.Start.CompareTo(b.Passage.Start);
            });
            var manifest = new IndexManifest(changes.EmbeddingModel, changes.Dimensions, documents);
            var written = await SnapshotFile.WriteAsync(snapshotPath, manifest, passages, cancellationToken).ConfigureAwait(false);
            // A large index is served from the file just written, so its vectors do not stay in memory.
            _state = passages.Sum(p => 1 + p.SentenceVectors.Count) > approximateAbove
                ? EmbeddedIndexState.OnDisk(written, snapshotPath)
                : new EmbeddedIndexState(manifest, passages);
            LogSnapshotWritten(logger, snapshotPath, passages.Count, documents.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async ValueTask<EmbeddedIndexState> GetStateAsync(CancellationToken cancellationToken)
    {
        if (_state is { } state)
        {
            return state;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _state ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<EmbeddedIndexState> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await SnapshotFile.ReadAsync(snapshotPath, approximateAbove, cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
            {
                LogNoSnapshot(logger, snapshotPath);
                return EmbeddedIndexState.Empty;
            }

            LogSnapshotLoaded(logger, snapshotPath, snapshot.Passages.Count, snapshot.Manifest.Documents.Count);
            return snapshot.Vectors is { } vectors
                ? new EmbeddedIndexState(snapshot.Manifest, InMemory(snapshot.Passages, vectors, snapshot.Manifest.Dimensions))
                : EmbeddedIndexState.OnDisk(snapshot, snapshotPath);
        }
        catch (InvalidDataException ex)
        {
            // A damaged snapshot is not fatal: the store starts empty and ingestion rebuilds it from the corpus.
            LogSnapshotDamaged(logger, snapshotPath, ex.Message);
            return EmbeddedIndexState.Empty;
        }
    }

    private static List<IndexedPassage> InMemory(List<Passage> passages, float[] vectors, int dimensions)
    {
        var indexed = new List<IndexedPassage>(passages.Count);
        var offset = 0;
        foreach (var passage in passages)
        {
            var length = (1 + passage.Sentences.Count) * dimensions;
            indexed.Add(IndexedPassage.FromRows(passage, vectors.AsSpan(offset, length), dimensions));
            offset += length;
        }

        return indexed;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Loaded index snapshot {Path}: {Passages} passages from {Documents} documents")]
    private static partial void LogSnapshotLoaded(ILogger logger, string path, int passages, int documents);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "No index snapshot at {Path} yet; the index starts empty")]
    private static partial void LogNoSnapshot(ILogger logger, string path);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The index snapshot {Path} is damaged ({Reason}); it will be rebuilt from the corpus")]
    private static partial void LogSnapshotDamaged(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Wrote index snapshot {Path}: {Passages} passages from {Documents} documents")]
    private static partial void LogSnapshotWritten(ILogger logger, string path, int passages, int documents);
}
