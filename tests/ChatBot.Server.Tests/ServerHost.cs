using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Server.Hosting;
using ChatBot.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Server.Tests;

/// <summary>The real server (Kestrel) on a free loopback port, with its index in a temporary folder.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, string snapshotPath)
    {
        _app = app;
        SnapshotPath = snapshotPath;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string SnapshotPath { get; }

    /// <summary>Starts a server. <paramref name="settings"/> are extra configuration overrides ("Key=Value").</summary>
    public static Task<ServerHost> StartAsync(string snapshotPath, params IEnumerable<string> settings) => StartAsync(snapshotPath, null, settings);

    /// <summary>Starts a server whose services <paramref name="overrides"/> may replace.</summary>
    public static async Task<ServerHost> StartAsync(string snapshotPath, Action<IServiceCollection>? overrides, params IEnumerable<string> settings)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", $"--VectorStore:Embedded:SnapshotPath={snapshotPath}", .. settings.Select(s => "--" + s)];
        var app = ChatBotApp.Build(args, overrides: overrides);
        await app.StartAsync();
        return new ServerHost(app, snapshotPath);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200, or returns its last body when it does not within the time.</summary>
    public async Task<(bool Ready, JsonNode? Body)> WaitUntilReadyAsync(TimeSpan? within = null)
    {
        var (status, body) = await PollReadinessAsync((status, _) => status == HttpStatusCode.OK, within);
        return (status == HttpStatusCode.OK, body);
    }

    /// <summary>Polls <c>/readyz</c> until <paramref name="done"/> holds for its answer or the time is up, and returns the
    /// last answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> PollReadinessAsync(Func<HttpStatusCode, JsonNode?, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative));
            var body = await response.Content.ReadFromJsonAsync<JsonNode>();
            if (done(response.StatusCode, body) || DateTime.UtcNow >= deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One ready server shared by the tests of a class.</summary>
public sealed class ReadyServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();

    public ServerHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ServerHost.StartAsync(_data.File("index.snapshot"));
        var (ready, body) = await Host.WaitUntilReadyAsync();
        if (!ready)
        {
            throw new InvalidOperationException("The server did not become ready: " + body);
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public void Dispose() => _data.Dispose();
}
