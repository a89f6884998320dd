using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Qdrant;
using ChatBot.Knowledge.Tests.Embeddings;
using ChatBot.QdrantDouble;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;

namespace ChatBot.Knowledge.Tests.Index;

/// <summary>A Qdrant test double on loopback, shared by the tests of a class; each test uses its own collection.</summary>
public sealed class QdrantDoubleFixture : IAsyncLifetime
{
    public QdrantDoubleServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await QdrantDoubleServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Opens Qdrant stores on fresh collections and deletes those collections afterwards.</summary>
internal sealed class QdrantStores(string endpoint)
{
    private readonly List<(QdrantPassageStore Store, string Collection)> _stores = [];

    public QdrantStoreOptions Options(string? collection = null) => new()
    {
        Endpoint = endpoint,
        Collection = collection ?? "chatbot-test-" + Guid.NewGuid().ToString("N"),
        RetryDelay = TimeSpan.FromMilliseconds(5),
    };

    public QdrantPassageStore Open(QdrantStoreOptions options)
    {
        var store = new QdrantPassageStore(
            QdrantPassageStore.CreateClient(options), options, TimeProvider.System, NullLogger<QdrantPassageStore>.Instance);
        _stores.Add((store, options.Collection));
        return store;
    }

    public QdrantPassageStore Open() => Open(Options());

    public QdrantClient Client() => QdrantPassageStore.CreateClient(Options());

    public async Task DeleteAllAsync()
    {
        using var client = Client();
        foreach (var collection in _stores.Select(s => s.Collection).Distinct())
        {
            if (await client.CollectionExistsAsync(collection))
            {
                await client.DeleteCollectionAsync(collection);
            }
        }

        foreach (var (store, _) in _stores)
        {
            store.Dispose();
        }
    }
}

/// <summary>The store contract, run against the Qdrant store talking gRPC to the Qdrant test double.</summary>
public sealed class QdrantPassageStoreContractTests(MiniLmFixture model, QdrantDoubleFixture qdrant)
    : PassageStoreContract(model), IClassFixture<MiniLmFixture>, IClassFixture<QdrantDoubleFixture>, IAsyncLifetime
{
    private readonly QdrantStores _stores = new(qdrant.Server.Endpoint.ToString());

    protected override Task<IPassageStore> CreateStoreAsync() => Task.FromResult<IPassageStore>(_stores.Open());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DeleteAllAsync();
}

/// <summary>The store contract against a real Qdrant server at QDRANT_URL (its gRPC port, e.g. http://localhost:6334);
/// skipped, and reported as skipped, when QDRANT_URL is not set.</summary>
public sealed class RealQdrantPassageStoreContractTests(MiniLmFixture model)
    : PassageStoreContract(model), IClassFixture<MiniLmFixture>, IAsyncLifetime
{
    private static readonly string? Url = Environment.GetEnvironmentVariable("QDRANT_URL");

    private readonly QdrantStores? _stores = string.IsNullOrEmpty(Url) ? null : new(Url);

    protected override Task<IPassageStore> CreateStoreAsync()
    {
        Skip.If(_stores is null, "QDRANT_URL is not set: there is no real Qdrant server to run the contract against.");
        return Task.FromResult<IPassageStore>(_stores!.Open());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores?.DeleteAllAsync() ?? Task.CompletedTask;
}
