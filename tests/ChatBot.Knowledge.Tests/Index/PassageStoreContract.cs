using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Tests.Embeddings;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static ChatBot.Knowledge.Tests.Index.StoreTestData;

namespace ChatBot.Knowledge.Tests.Index;

/// <summary>
/// The behaviour every <see cref="IPassageStore"/> must have. Each store's test class derives from this and supplies a
/// fresh, empty store per test; the cases here then run against it unchanged.
/// </summary>
public abstract class PassageStoreContract(MiniLmFixture model)
{
    /// <summary>A new, empty store that no other test uses.</summary>
    protected abstract Task<IPassageStore> CreateStoreAsync();

    [SkippableFact]
    public async Task Empty_HasNoManifestPassagesOrHits()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetManifestAsync());
        Assert.Equal(0, await store.CountAsync());
        Assert.Empty(await store.SearchAsync(Query("anything")));
    }

    [SkippableFact]
    public async Task Apply_NewDocuments_RecordsManifestAndPassages()
    {
        var store = await CreateStoreAsync();

        await store.ApplyAsync(Put(Document("a", "The ceasefire held.", "Peacekeepers arrived."), Document("b", "Talks resumed in Berlin.")));

        var manifest = await store.GetManifestAsync();
        Assert.NotNull(manifest);
        Assert.Equal(Model, manifest.EmbeddingModel);
        Assert.Equal(Dimensions, manifest.Dimensions);
        Assert.Equal(["a", "b"], manifest.Documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, await store.CountAsync());
    }

    [SkippableFact]
    public async Task Search_ReturnsPassagesWithTextVectorsAndScoresBestFirst()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "The ceasefire was signed in November.", "Peacekeepers began withdrawing in April. Most had left by June.", "France urged a swift agreement.")));

        var hits = await store.SearchAsync(Query("When did peacekeepers begin withdrawing?"));

        Assert.StartsWith("Peacekeepers began withdrawing", hits[0].Passage.Passage.Text, StringComparison.Ordinal);
        var stored = Passage("a", 1, "Peacekeepers began withdrawing in April. Most had left by June.").Passage;
        Assert.Equal(stored with { Sentences = [] }, hits[0].Passage.Passage with { Sentences = [] });
        Assert.Equal(stored.Sentences, hits[0].Passage.Passage.Sentences);
        Assert.True(hits[0].KeywordScore > 0);
        Assert.Equal(Dimensions, hits[0].Passage.Vector.Length);
        Assert.Equal(hits[0].Passage.Passage.Sentences.Count, hits[0].Passage.SentenceVectors.Count);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [SkippableFact]
    public async Task Search_RespectsTop()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "One.", "Two.", "Three.", "Four.")));

        Assert.Equal(2, (await store.SearchAsync(Query("one two three four", top: 2))).Count);
    }

    [SkippableFact]
    public async Task Search_KeywordOnlyMatch_IsStillFound()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "Officials cited COP29 as a deadline.", "Nothing else here.")));

        var hits = await store.SearchAsync(new HybridQuery(new float[Dimensions], "COP29", 1));

        Assert.Contains("COP29", hits[0].Passage.Passage.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Apply_ChangedDocument_ReplacesItsPassagesOnly()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "Old text about talks.", "Old text about borders."), Document("b", "Unrelated document.")));

        await store.ApplyAsync(Put(Document("a", "New text about a treaty.")));

        Assert.Equal(2, await store.CountAsync());
        var hits = await store.SearchAsync(Query("talks borders treaty unrelated document", top: 10));
        Assert.Equal(["New text about a treaty.", "Unrelated document."], hits.Select(h => h.Passage.Passage.Text).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Apply_Removal_DeletesDocumentAndItsPassages()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "First document."), Document("b", "Second document.")));

        await store.ApplyAsync(new IndexChanges(Model, Dimensions, false, [], ["a"]));

        var manifest = await store.GetManifestAsync();
        Assert.Equal(["b"], manifest!.Documents.Keys);
        Assert.Equal(1, await store.CountAsync());
    }

    [SkippableFact]
    public async Task Apply_ReplaceAll_DropsEverythingElse()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "First document."), Document("b", "Second document.")));

        await store.ApplyAsync(new IndexChanges("test/other-model", Dimensions, true, [Document("c", "Third document.")], []));

        var manifest = await store.GetManifestAsync();
        Assert.Equal("test/other-model", manifest!.EmbeddingModel);
        Assert.Equal(["c"], manifest.Documents.Keys);
        Assert.Equal(1, await store.CountAsync());
    }

    [SkippableFact]
    public async Task Apply_OtherModelWithoutReplaceAll_IsRefusedAndChangesNothing()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "First document.")));

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            store.ApplyAsync(new IndexChanges("test/other-model", Dimensions, false, [Document("b", "Second.")], [])));

        Assert.Equal(Model, (await store.GetManifestAsync())!.EmbeddingModel);
        Assert.Equal(1, await store.CountAsync());
    }

    [SkippableFact]
    public async Task Apply_WrongVectorSize_IsRefusedAndChangesNothing()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "First document.")));
        var bad = Document("b", "Second document.");
        bad = bad with { Passages = [bad.Passages[0] with { Vector = new float[Dimensions - 1] }] };

        await Assert.ThrowsAsync<ArgumentException>(() => store.ApplyAsync(Put(bad)));

        Assert.Equal(["a"], (await store.GetManifestAsync())!.Documents.Keys);
    }

    [SkippableFact]
    public async Task Search_WrongQueryVectorSize_IsRefused()
    {
        var store = await CreateStoreAsync();
        await store.ApplyAsync(Put(Document("a", "First document.")));

        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync(new HybridQuery(new float[3], "first", 1)));
    }

    [SkippableFact]
    public async Task Calls_WithCancelledToken_Throw()
    {
        var store = await CreateStoreAsync();
        var cancelled = new CancellationToken(canceled: true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ApplyAsync(Put(Document("a", "Text.")), cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SearchAsync(Query("text"), cancelled));
    }

    [SkippableTheory]
    [InlineData("When was the ceasefire signed?", "November 10, 2020")]
    [InlineData("When did Russian peacekeepers start withdrawing?", "In April 2024, Russian peacekeepers began withdrawing")]
    [InlineData("What are the obstacles to a peace agreement?", "several issues hinder a peace agreement")]
    [InlineData("What is the U.S. doing?", "encouraged direct negotiations")]
    [InlineData("When might Armenia amend its constitution?", "until 2027")]
    [InlineData("What does the article recommend?", "To expedite a peace treaty")]
    public async Task Search_ArticleWithRealEmbeddings_AnswerPassageRanksInTopThree(string question, string expected)
    {
        var store = await CreateStoreAsync();
        var ingestor = new Ingestor(new PassageChunker(new PassageOptions()), model.Generator, store, NullLogger<Ingestor>.Instance);
        await ingestor.IngestAsync(await CorpusLoader.LoadAsync(RepositoryPaths.Corpus));

        var vector = await model.Generator.GenerateVectorAsync(question);
        var hits = await store.SearchAsync(new HybridQuery(vector, question, 5));

        Assert.Contains(hits.Take(3), h => h.Passage.Passage.Text.Contains(expected, StringComparison.Ordinal));
    }
}
