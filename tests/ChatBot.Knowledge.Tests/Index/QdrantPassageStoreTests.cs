using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Index.Qdrant;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Tests.Embeddings;
using ChatBot.Knowledge.Tests.Fakes;
using ChatBot.QdrantDouble;
using ChatBot.Tests.Shared;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;
using static ChatBot.Knowledge.Tests.Index.StoreTestData;

namespace ChatBot.Knowledge.Tests.Index;

/// <summary>What only the Qdrant store does, checked at the wire against the Qdrant test double: idempotent writes across
/// restarts, replacing a changed document's points, cancellation reaching each call, retries, and collection checks.</summary>
public sealed class QdrantPassageStoreTests(MiniLmFixture model, QdrantDoubleFixture qdrant)
    : IClassFixture<MiniLmFixture>, IClassFixture<QdrantDoubleFixture>, IAsyncLifetime, IDisposable
{
    private readonly QdrantStores _stores = new(qdrant.Server.Endpoint.ToString());
    private readonly TempFolder _corpus = new();
    private QdrantDoubleServer Server => qdrant.Server;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DeleteAllAsync();

    public void Dispose() => _corpus.Dispose();

    [Fact]
    public async Task Ingest_UnchangedCorpusAgainAndAfterRestart_WritesNothing()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        var options = _stores.Options();
        var first = await IngestAsync(_stores.Open(options));
        var points = Server.PointCount(options.Collection);
        var writes = Server.WriteCalls;

        var again = await IngestAsync(_stores.Open(options));
        var afterRestart = await IngestAsync(_stores.Open(options));

        Assert.Equal(0, again.Added + again.Changed);
        Assert.Equal(0, afterRestart.Added + afterRestart.Changed);
        Assert.Equal(writes, Server.WriteCalls);
        Assert.Equal(points, Server.PointCount(options.Collection));
        Assert.Equal(first.Passages, points);
    }

    [Fact]
    public async Task Apply_ManyPassages_UpsertsInBatchesOfTheConfiguredSize()
    {
        var options = _stores.Options();
        options.UpsertBatchSize = 2;
        var before = Server.Calls.GetValueOrDefault("qdrant.Points/Upsert");

        await _stores.Open(options).ApplyAsync(Put(Document("a", "One.", "Two.", "Three.", "Four.", "Five.")));

        Assert.Equal(before + 3, Server.Calls["qdrant.Points/Upsert"]);
        Assert.Equal(5, Server.PointCount(options.Collection));
    }

    [Fact]
    public async Task Ingest_ChangedDocument_ReplacesItsPointsAndKeepsTheOthers()
    {
        await File.WriteAllTextAsync(_corpus.File("a.txt"), "Talks\n\nThe first talks were held in Brussels.\n\nBorders were discussed at length.");
        await File.WriteAllTextAsync(_corpus.File("b.txt"), "Other\n\nAn unrelated document about trade.");
        var store = _stores.Open();
        await IngestAsync(store);
        Assert.Equal(3, await store.CountAsync());

        await File.WriteAllTextAsync(_corpus.File("a.txt"), "Talks\n\nA treaty was initialled in Washington.");
        var report = await IngestAsync(store);

        Assert.Equal(1, report.Changed);
        Assert.Equal(2, await store.CountAsync());
        var texts = (await store.SearchAsync(Query("talks borders treaty trade Brussels Washington", top: 10))).Select(h => h.Passage.Passage.Text).ToList();
        Assert.Equal(["A treaty was initialled in Washington.", "An unrelated document about trade."], texts.Order(StringComparer.Ordinal));
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public async Task Search_SameQuestionsAsTheEmbeddedStore_RankPassagesTheSame()
    {
        using var folder = new TempFolder();
        var embedded = new EmbeddedPassageStore(folder.File("index.snapshot"), NullLogger<EmbeddedPassageStore>.Instance);
        var qdrantStore = _stores.Open();
        var corpus = await CorpusLoader.LoadAsync(RepositoryPaths.Corpus);
        foreach (var store in new IPassageStore[] { embedded, qdrantStore })
        {
            await new Ingestor(new PassageChunker(new PassageOptions()), model.Generator, store, NullLogger<Ingestor>.Instance).IngestAsync(corpus);
        }

        var questions = RepositoryPaths.SharedDevSetIfPresent().Concat(File.ReadLines(RepositoryPaths.QuestionSet))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!)
            .ToList();
        Assert.True(questions.Count > 100);
        foreach (var question in questions)
        {
            var query = new HybridQuery(await model.Generator.GenerateVectorAsync(question), question, 5);
            var expected = await embedded.SearchAsync(query);
            var actual = await qdrantStore.SearchAsync(query);

            Assert.True(expected.Select(h => h.Passage.Passage.Id).SequenceEqual(actual.Select(h => h.Passage.Passage.Id)), question + "\n" + string.Join("\n", expected.Select(h => $"{h.Passage.Passage.Id} {h.Score:R} {h.DenseScore:R} {h.KeywordScore:R}")) + "\n--\n" + string.Join("\n", actual.Select(h => $"{h.Passage.Passage.Id} {h.Score:R} {h.DenseScore:R} {h.KeywordScore:R}")));
            Assert.Equal(expected.Select(h => h.DenseScore), actual.Select(h => h.DenseScore), (a, b) => Math.Abs(a - b) < 1e-4);
        }
    }

    [Theory]
    [InlineData("manifest", "qdrant.Collections/Get")]
    [InlineData("count", "qdrant.Points/Count")]
    [InlineData("search", "qdrant.Points/QueryBatch")]
    [InlineData("search", "qdrant.Points/Get")]
    [InlineData("apply", "qdrant.Points/Upsert")]
    [InlineData("apply", "qdrant.Points/Delete")]
    [InlineData("apply", "qdrant.Collections/Update")]
    public async Task Calls_CancelledWhileInFlight_CancelTheGrpcCall(string operation, string method)
    {
        var options = _stores.Options();
        await _stores.Open(options).ApplyAsync(Put(Document("a", "The ceasefire held.")));
        var store = _stores.Open(options);
        var cancelledBefore = Server.CancelledCalls;
        using var cancel = new CancellationTokenSource();
        var arrived = Server.Hold(method);

        var call = operation switch
        {
            "manifest" => store.GetManifestAsync(cancel.Token),
            "count" => store.CountAsync(cancel.Token),
            "search" => store.SearchAsync(Query("ceasefire"), cancel.Token),
            _ => store.ApplyAsync(Put(Document("a", "The ceasefire was broken.")), cancel.Token),
        };
        await arrived.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitUntilAsync(() => Server.CancelledCalls > cancelledBefore);
    }

    [Fact]
    public async Task Search_UnavailableTwice_RetriesAndSucceeds()
    {
        var store = _stores.Open();
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        await store.SearchAsync(Query("ceasefire"));
        var before = Server.Calls.GetValueOrDefault("qdrant.Points/QueryBatch");
        Server.FailNext("qdrant.Points/QueryBatch", StatusCode.Unavailable, times: 2);

        var hits = await store.SearchAsync(Query("ceasefire"));

        Assert.Equal("The ceasefire held.", hits[0].Passage.Passage.Text);
        Assert.Equal(before + 3, Server.Calls["qdrant.Points/QueryBatch"]);
    }

    [Fact]
    public async Task Search_Repeated_FetchesEachPassageOnce_AndAgainAfterAChange()
    {
        var store = _stores.Open();
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.", "Talks resumed in Berlin.")));
        int Fetches() => Server.Calls.GetValueOrDefault("qdrant.Points/Get");

        var first = await store.SearchAsync(Query("ceasefire talks"));
        var fetches = Fetches();
        var second = await store.SearchAsync(Query("ceasefire talks"));

        Assert.Equal(fetches, Fetches());
        Assert.Equal(first.Select(h => h.Passage.Passage.Id), second.Select(h => h.Passage.Passage.Id));
        Assert.Same(first[0].Passage, second[0].Passage);

        var retitled = Document("a", "The ceasefire held.", "Talks resumed in Berlin.");
        retitled = retitled with { Passages = [.. retitled.Passages.Select(p => p with { Passage = p.Passage with { Title = "New title" } })] };
        await store.ApplyAsync(Put(retitled));
        var third = await store.SearchAsync(Query("ceasefire talks"));

        Assert.Equal(fetches + 1, Fetches());
        Assert.All(third, h => Assert.Equal("New title", h.Passage.Passage.Title));
    }

    [Fact]
    public async Task Search_WordsAddedByAnotherInstance_AreFound()
    {
        var options = _stores.Options();
        var first = _stores.Open(options);
        await first.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        Assert.Single(await first.SearchAsync(Query("ceasefire")));

        await _stores.Open(options).ApplyAsync(Put(Document("b", "The Zangezur corridor was discussed.")));
        var hits = await first.SearchAsync(new HybridQuery(new float[Dimensions], "Zangezur", 1));

        Assert.Contains("Zangezur", hits[0].Passage.Passage.Text, StringComparison.Ordinal);
        Assert.True(hits[0].KeywordScore > 0);
    }

    [Fact]
    public async Task Upsert_DeadlineExceededThenUnavailable_RetriesAndLandsOnce()
    {
        var options = _stores.Options();
        var store = _stores.Open(options);
        Server.FailNext("qdrant.Points/Upsert", StatusCode.DeadlineExceeded);
        Server.FailNext("qdrant.Points/Upsert", StatusCode.Unavailable);

        await store.ApplyAsync(Put(Document("a", "The ceasefire held.", "Talks resumed.")));

        Assert.Equal(2, Server.PointCount(options.Collection));
    }

    [Fact]
    public async Task Calls_UnavailableBeyondTheBound_ReportTheStoreUnavailable()
    {
        var store = _stores.Open();
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        var before = Server.Calls.GetValueOrDefault("qdrant.Points/Count");
        Server.FailNext("qdrant.Points/Count", StatusCode.Unavailable, times: 4);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CountAsync());

        Assert.Contains("4 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(before + 4, Server.Calls["qdrant.Points/Count"]);
    }

    [Fact]
    public async Task Search_CollectionDeletedMeanwhile_ReportsTheStoreUnavailable()
    {
        var options = _stores.Options();
        var store = _stores.Open(options);
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        Assert.Single(await store.SearchAsync(Query("ceasefire")));
        using var client = _stores.Client();
        await client.DeleteCollectionAsync(options.Collection);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SearchAsync(Query("ceasefire")));

        Assert.Contains("no longer exists", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetManifestAsync());
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SearchAsync(Query("ceasefire")));
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        Assert.Single(await store.SearchAsync(Query("ceasefire")));
    }

    [Fact]
    public async Task Calls_NothingListening_ReportTheStoreUnavailable()
    {
        var store = new QdrantStores($"http://127.0.0.1:{LoopbackPort.Free()}").Open();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetManifestAsync());
    }

    [Fact]
    public async Task Ingest_CollectionOfAnotherModel_FailsNamingBothUnlessRebuilt()
    {
        File.Copy(RepositoryPaths.Article, _corpus.File("article.txt"));
        var options = _stores.Options();
        var first = await IngestAsync(_stores.Open(options), new HashingEmbeddingGenerator("test/old-model", 32));
        var writes = Server.WriteCalls;

        var error = await Assert.ThrowsAsync<IncompatibleIndexException>(() => IngestAsync(_stores.Open(options)));

        Assert.Contains("32-d vectors of 'test/old-model'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'test/hashing' (64-d)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--rebuild", error.Message, StringComparison.Ordinal);
        Assert.Equal(writes, Server.WriteCalls);

        var store = _stores.Open(options);
        var report = await IngestAsync(store, rebuild: true);
        Assert.True(report.Rebuilt);
        Assert.Equal(("test/hashing", 64), await store.GetManifestAsync() is { } m ? (m.EmbeddingModel, m.Dimensions) : default);
        Assert.Equal(first.Passages, await store.CountAsync());
    }

    [Fact]
    public async Task Manifest_CollectionNotMadeByChatBot_IsRefusedWithTheReason()
    {
        var options = _stores.Options();
        using var client = _stores.Client();
        await client.CreateCollectionAsync(options.Collection, new VectorParams { Size = 4, Distance = Distance.Cosine });

        var error = await Assert.ThrowsAsync<IncompatibleIndexException>(() => _stores.Open(options).GetManifestAsync());

        Assert.Contains(options.Collection, error.Message, StringComparison.Ordinal);
        Assert.Contains("was not created by ChatBot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collection_Created_HasTheDocumentedLayout()
    {
        var options = _stores.Options();
        await _stores.Open(options).ApplyAsync(Put(Document("a", "The ceasefire held.")));
        using var client = _stores.Client();

        var info = await client.GetCollectionInfoAsync(options.Collection);

        var dense = info.Config.Params.VectorsConfig.ParamsMap.Map["dense"];
        Assert.Equal((ulong)Dimensions, dense.Size);
        Assert.Equal(Distance.Cosine, dense.Distance);
        Assert.Equal(MultiVectorComparator.MaxSim, dense.MultivectorConfig.Comparator);
        Assert.Equal(Modifier.Idf, info.Config.Params.SparseVectorsConfig.Map["keywords"].Modifier);
        Assert.Equal(Model, info.Config.Metadata["chatbot_embedding_model"].StringValue);
        Assert.Equal(PayloadSchemaType.Keyword, info.PayloadSchema["document_id"].DataType);
        var point = (await client.ScrollAsync(options.Collection, limit: 1)).Result.Single();
        Assert.Equal(
            ["content_hash", "document_id", "end", "heading", "kind", "paragraph_index", "sentence_ends", "sentence_starts", "start", "text", "title"],
            point.Payload.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiKey_SentWithEveryCall_AndAWrongOneIsRefused()
    {
        using var server = new ApiKeyScope(Server, "s3cret");
        var options = _stores.Options();
        options.ApiKey = "s3cret";
        var store = _stores.Open(options);
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        Assert.Single(await store.SearchAsync(Query("ceasefire")));

        var wrong = _stores.Options(options.Collection);
        wrong.ApiKey = "wrong";
        var error = await Assert.ThrowsAsync<RpcException>(() => _stores.Open(wrong).CountAsync());
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Tls_SelfSignedServerPinnedByThumbprint_IsTrusted_AndUnpinnedIsRefused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=qdrant-test-double", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        await using var server = await QdrantDoubleServer.StartAsync(certificate: certificate);
        var endpoint = server.Endpoint.ToString();
        Assert.StartsWith("https://", endpoint, StringComparison.Ordinal);
        var stores = new QdrantStores(endpoint);

        var pinned = stores.Options();
        pinned.CertificateThumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var store = stores.Open(pinned);
        await store.ApplyAsync(Put(Document("a", "The ceasefire held.")));
        Assert.Equal(1, await store.CountAsync());

        var refused = await Assert.ThrowsAsync<RpcException>(() => stores.Open(stores.Options(pinned.Collection)).CountAsync());
        Assert.Contains("UntrustedRoot", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-uuid", 4, "dense", "Unable to parse UUID")]
    [InlineData("", 3, "dense", "Vector dimension error: expected dim: 4, got 3")]
    [InlineData("", 4, "colour", "Not existing vector name error: colour")]
    public async Task Double_EnforcesWhatQdrantEnforces(string id, int size, string vectorName, string message)
    {
        var options = _stores.Options();
        using var client = _stores.Client();
        await client.CreateCollectionAsync(options.Collection, new VectorParamsMap { Map = { ["dense"] = new VectorParams { Size = 4, Distance = Distance.Cosine } } });
        var point = new PointStruct { Id = id.Length == 0 ? Guid.NewGuid() : new PointId { Uuid = id }, Vectors = new Dictionary<string, float[]> { [vectorName] = new float[size] } };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpsertAsync(options.Collection, [point]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.CountAsync("no-such-collection"));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    private Task<IngestionReport> IngestAsync(IPassageStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, bool rebuild = false) =>
        CorpusLoader.LoadAsync(_corpus.Path).ContinueWith(
            t => new Ingestor(new PassageChunker(new PassageOptions()), embeddings ?? new HashingEmbeddingGenerator(), store, NullLogger<Ingestor>.Instance)
                .IngestAsync(t.Result, rebuild),
            TaskScheduler.Default).Unwrap();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    /// <summary>Makes the shared double require an API key for the length of one test.</summary>
    private sealed class ApiKeyScope : IDisposable
    {
        private readonly QdrantDoubleServer _server;

        public ApiKeyScope(QdrantDoubleServer server, string key)
        {
            _server = server;
            server.RequiredApiKey = key;
        }

        public void Dispose() => _server.RequiredApiKey = null;
    }
}
