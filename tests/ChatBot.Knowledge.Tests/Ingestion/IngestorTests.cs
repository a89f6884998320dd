using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Tests.Fakes;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Knowledge.Tests.Ingestion;

public sealed class IngestorTests : IDisposable
{
    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();

    private EmbeddedPassageStore Store() => new(_data.File("index.snapshot"), NullLogger<EmbeddedPassageStore>.Instance);

    private static Ingestor Ingestor(EmbeddedPassageStore store, HashingEmbeddingGenerator embeddings) =>
        new(new PassageChunker(new PassageOptions()), embeddings, store, NullLogger<Ingestor>.Instance);

    private Task<IngestionReport> IngestAsync(EmbeddedPassageStore store, HashingEmbeddingGenerator embeddings, IProgress<IngestionProgress>? progress = null) =>
        CorpusLoader.LoadAsync(_corpus.Path).ContinueWith(t => Ingestor(store, embeddings).IngestAsync(t.Result, progress: progress), TaskScheduler.Default).Unwrap();

    [Fact]
    public async Task Ingest_FirstTime_IndexesEveryDocument()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        await File.WriteAllTextAsync(_corpus.File("other.md"), "# Other\n\nA second document. It has two sentences.");
        var store = Store();

        var report = await IngestAsync(store, new HashingEmbeddingGenerator());

        Assert.True(report.Rebuilt);
        Assert.Equal(2, report.Added);
        Assert.Equal(9, report.Passages);
        Assert.Equal(33, report.Sentences);
        Assert.Equal(9, await store.CountAsync());
    }

    [Fact]
    public async Task Ingest_CountsDocumentsAndPassagesInItsMetrics()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        await File.WriteAllTextAsync(_corpus.File("other.md"), "# Other\n\nA second document. It has two sentences.");
        var added = 0L;
        var passages = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IngestionTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            // The meter is process-wide and other tests ingest at the same time: this test's share is at least its own.
            if (instrument.Name == "chatbot.ingestion.passages")
            {
                Interlocked.Add(ref passages, value);
            }
            else if (tags.ToArray().Any(t => t is { Key: "change", Value: "added" }))
            {
                Interlocked.Add(ref added, value);
            }
        });
        listener.Start();

        await IngestAsync(Store(), new HashingEmbeddingGenerator());

        Assert.True(Interlocked.Read(ref added) >= 2, $"{added} documents added");
        Assert.True(Interlocked.Read(ref passages) >= 9, $"{passages} passages");
    }

    [Fact]
    public async Task Ingest_SameCorpusAgain_ChangesNothingAndEmbedsNothing()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        await IngestAsync(Store(), new HashingEmbeddingGenerator());
        var snapshotTime = File.GetLastWriteTimeUtc(_data.File("index.snapshot"));
        var embeddings = new HashingEmbeddingGenerator();

        var report = await IngestAsync(Store(), embeddings);

        Assert.True(report.NoChange);
        Assert.Equal(1, report.Unchanged);
        Assert.Empty(embeddings.Batches);
        Assert.Equal(snapshotTime, File.GetLastWriteTimeUtc(_data.File("index.snapshot")));
    }

    [Fact]
    public async Task Ingest_ChangedDocument_ReplacesOnlyItsPassages()
    {
        await File.WriteAllTextAsync(_corpus.File("a.txt"), "Talks began in May. They stalled.");
        await File.WriteAllTextAsync(_corpus.File("b.txt"), "France urged an agreement.");
        var store = Store();
        await IngestAsync(store, new HashingEmbeddingGenerator());
        await File.WriteAllTextAsync(_corpus.File("a.txt"), "Talks resumed in June.");
        var embeddings = new HashingEmbeddingGenerator();

        var report = await IngestAsync(store, embeddings);

        Assert.Equal((0, 1, 0, 1), (report.Added, report.Changed, report.Removed, report.Unchanged));
        Assert.Equal(["Talks resumed in June."], embeddings.Batches.SelectMany(b => b));
        var texts = (await store.SearchAsync(StoreQuery("talks france", 10))).Select(h => h.Passage.Passage.Text).Order(StringComparer.Ordinal);
        Assert.Equal(["France urged an agreement.", "Talks resumed in June."], texts);
    }

    [Fact]
    public async Task Ingest_RemovedDocument_Disappears()
    {
        await File.WriteAllTextAsync(_corpus.File("a.txt"), "Talks began in May.");
        await File.WriteAllTextAsync(_corpus.File("b.txt"), "France urged an agreement.");
        var store = Store();
        await IngestAsync(store, new HashingEmbeddingGenerator());
        File.Delete(_corpus.File("b.txt"));

        var report = await IngestAsync(store, new HashingEmbeddingGenerator());

        Assert.Equal(1, report.Removed);
        Assert.Equal(["a.txt"], (await store.GetManifestAsync())!.Documents.Keys);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Ingest_OtherEmbeddingModel_RebuildsEverything()
    {
        await File.WriteAllTextAsync(_corpus.File("a.txt"), "Talks began in May.");
        var store = Store();
        await IngestAsync(store, new HashingEmbeddingGenerator("test/model-one"));

        var report = await IngestAsync(store, new HashingEmbeddingGenerator("test/model-two", 32));

        Assert.True(report.Rebuilt);
        var manifest = await store.GetManifestAsync();
        Assert.Equal(("test/model-two", 32), (manifest!.EmbeddingModel, manifest.Dimensions));
    }

    [Fact]
    public async Task Ingest_ReportsProgressForDocumentsPassagesAndBatches()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        var progress = new List<IngestionProgress>();

        await IngestAsync(Store(), new HashingEmbeddingGenerator(), new SynchronousProgress(progress.Add));

        Assert.Equal(["documents", "passages", "embedding batches"], progress.Select(p => p.Stage).Distinct());
        Assert.Equal(progress.Last().Total, progress.Last().Done);
    }

    [Fact]
    public async Task Ingest_SentencesAreEmbeddedLongestLast()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        var embeddings = new HashingEmbeddingGenerator();

        await IngestAsync(Store(), embeddings);

        var lengths = embeddings.Batches.SelectMany(b => b).Select(t => t.Length).ToList();
        Assert.Equal(lengths.Order(), lengths);
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }

    private static ChatBot.Knowledge.Index.HybridQuery StoreQuery(string text, int top) =>
        new(HashingEmbeddingGenerator.Embed(text), text, top);

    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => report(value);
    }
}
