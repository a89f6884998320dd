using System.Diagnostics;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Index.Qdrant;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using ChatBot.QdrantDouble;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Bench;

/// <summary>
/// The embedded store against the Qdrant store talking gRPC to the Qdrant test double on loopback, on the same corpus
/// and questions: hybrid query latency (question vectors computed beforehand, so the figures are the stores' own cost:
/// for Qdrant, building the request, the loopback gRPC call and mapping the answer; the double's own search is exact
/// and in memory) and ingestion throughput into each (embeddings computed beforehand too, so it is the write path).
/// </summary>
internal static class StoreComparison
{
    private const int IngestionRuns = 5;

    public static async Task RunAsync(CorpusSnapshot corpus, IReadOnlyList<string> questions, int queries, string workFolder)
    {
        using var model = new MiniLmEmbeddingGenerator(new EmbeddingOptions());
        var embeddings = new RememberedEmbeddings(model);
        var chunker = new PassageChunker(new PassageOptions());
        await new Ingestor(chunker, embeddings, new EmbeddedPassageStore(Path.Combine(workFolder, "warm.snapshot"), NullLogger<EmbeddedPassageStore>.Instance), NullLogger<Ingestor>.Instance)
            .IngestAsync(corpus, rebuild: true);

        await using var qdrant = await QdrantDoubleServer.StartAsync();
        var options = new QdrantStoreOptions { Endpoint = qdrant.Endpoint.ToString(), Collection = "bench" };
        using var qdrantStore = new QdrantPassageStore(QdrantPassageStore.CreateClient(options), options, TimeProvider.System, NullLogger<QdrantPassageStore>.Instance);

        // The same collection read without the passage cache: every search also fetches its passages' text and vectors.
        var uncachedOptions = new QdrantStoreOptions { Endpoint = options.Endpoint, Collection = options.Collection, PassageCacheSize = 0 };
        using var uncached = new QdrantPassageStore(QdrantPassageStore.CreateClient(uncachedOptions), uncachedOptions, TimeProvider.System, NullLogger<QdrantPassageStore>.Instance);
        using var embedded = new EmbeddedPassageStore(Path.Combine(workFolder, "compare.snapshot"), NullLogger<EmbeddedPassageStore>.Instance);

        var stores = new (string Name, IPassageStore Store)[] { ("embedded", embedded), ("Qdrant (gRPC double)", qdrantStore) };
        var ingestion = new Dictionary<string, (double PassagesPerSecond, int Passages)>();
        foreach (var (name, store) in stores)
        {
            // Rebuilt several times; the first run pays for connections and JIT compilation.
            var rates = new List<double>();
            var passages = 0;
            for (var run = 0; run < IngestionRuns; run++)
            {
                var report = await new Ingestor(chunker, embeddings, store, NullLogger<Ingestor>.Instance).IngestAsync(corpus, rebuild: true);
                rates.Add(report.Passages / report.Elapsed.TotalSeconds);
                passages = report.Passages;
            }

            ingestion[name] = (rates.Skip(1).Order().ElementAt((IngestionRuns - 1) / 2), passages);
        }

        var vectors = new List<HybridQuery>();
        foreach (var question in questions)
        {
            vectors.Add(new HybridQuery(await model.GenerateVectorAsync(question), question, 5));
        }

        // Interleaved, one query of each store in turn, so drifts in the machine's speed fall on all alike.
        stores = [.. stores, ("Qdrant, no passage cache", uncached)];
        var samples = stores.ToDictionary(s => s.Name, _ => new List<double>());
        var clientSide = new List<double>();
        for (var i = 0; i < queries + 100; i++)
        {
            foreach (var (name, store) in stores)
            {
                var handled = qdrant.HandlingTime;
                var clock = Stopwatch.StartNew();
                await store.SearchAsync(vectors[i % vectors.Count]);
                var elapsed = clock.Elapsed;
                if (i >= 100)
                {
                    samples[name].Add(elapsed.TotalMilliseconds);
                    if (store == qdrantStore)
                    {
                        clientSide.Add((elapsed - (qdrant.HandlingTime - handled)).TotalMilliseconds);
                    }
                }
            }
        }

        foreach (var (name, _) in stores)
        {
            Console.WriteLine($"hybrid query, {name,-25} {Stats.Of(samples[name])}");
        }

        Console.WriteLine($"  Qdrant (cached) less the double's own search: client + gRPC on loopback  {Stats.Of(clientSide)}");

        foreach (var name in ingestion.Keys)
        {
            Console.WriteLine($"ingestion into {name,-21} {ingestion[name].PassagesPerSecond,8:F0} passages/s ({ingestion[name].Passages} passages, embeddings computed beforehand, median of {IngestionRuns - 1} rebuilds)");
        }
    }

    /// <summary>Embeds each text once, so that ingesting into the second store measures the store, not the model.</summary>
    private sealed class RememberedEmbeddings(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Dictionary<string, Embedding<float>> _known = new(StringComparer.Ordinal);

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            var missing = texts.Where(t => !_known.ContainsKey(t)).Distinct().ToList();
            if (missing.Count > 0)
            {
                var generated = await inner.GenerateAsync(missing, options, cancellationToken);
                for (var i = 0; i < missing.Count; i++)
                {
                    _known[missing[i]] = generated[i];
                }
            }

            return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => _known[t]));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}
