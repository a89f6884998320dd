using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>When answering fails inside the server, the chat gets an apology and the server keeps serving.</summary>
public sealed class FailingTurnTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task SearchFails_ChatGetsAnApologyAndTheServerKeepsServing()
    {
        await using var channel = await TestChannel.StartAsync();
        var snapshot = _data.File("index.snapshot");
        await using var server = await ServerHost.StartAsync(snapshot, services => services.AddSingleton<IPassageStore>(
            new SearchFailingStore(new EmbeddedPassageStore(snapshot, NullLogger<EmbeddedPassageStore>.Instance))));
        Assert.True((await server.WaitUntilReadyAsync()).Ready);
        var activity = channel.Message("When was the ceasefire signed?", "c");

        using var posted = await server.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity);
        var replies = await channel.WaitForAsync(1);
        using var health = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains(replies, r => ((string?)r.Activity["text"])?.StartsWith("Sorry, something went wrong", StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    public void Dispose() => _data.Dispose();

    /// <summary>The embedded store, except that every search fails.</summary>
    private sealed class SearchFailingStore(IPassageStore inner) : IPassageStore
    {
        public string Description => inner.Description;

        public string Kind => inner.Kind;

        public bool IsShared => inner.IsShared;

        public Task<IndexManifest?> GetManifestAsync(CancellationToken cancellationToken = default) => inner.GetManifestAsync(cancellationToken);

        public Task ApplyAsync(IndexChanges changes, CancellationToken cancellationToken = default) => inner.ApplyAsync(changes, cancellationToken);

        public Task<IReadOnlyList<PassageHit>> SearchAsync(HybridQuery query, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("search is down");

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);
    }
}
