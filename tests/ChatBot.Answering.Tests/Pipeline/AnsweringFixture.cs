using ChatBot.Answering.Evaluation;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Answering.Tests.Pipeline;

/// <summary>The real answering pipeline over the repository's corpus, with the index in a temporary folder.</summary>
public class AnsweringFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();
    private readonly string? _corpus;

    public AnsweringFixture()
    {
    }

    protected AnsweringFixture(string corpus) => _corpus = corpus;

    public ServiceProvider Services { get; private set; } = null!;

    public QuestionAnswerer Answerer => Services.GetRequiredService<QuestionAnswerer>();

    public EvalRunner Runner => Services.GetRequiredService<EvalRunner>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["VectorStore:Embedded:SnapshotPath"] = _data.File("index.snapshot") })
            .AddInMemoryCollection(_corpus is null ? [] : new Dictionary<string, string?> { ["Corpus:Path"] = _corpus })
            .Build();
        Services = new ServiceCollection()
            .AddLogging()
            .AddKnowledge(configuration, RepositoryPaths.Root)
            .AddAnswering(configuration)
            .BuildServiceProvider();
        await Services.GetRequiredService<KnowledgeInitializer>().InitializeAsync();
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();

    public void Dispose()
    {
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The real answering pipeline over our second corpus (<see cref="RepositoryPaths.LibraryCorpus"/>).</summary>
public sealed class LibraryFixture() : AnsweringFixture(RepositoryPaths.LibraryCorpus);
