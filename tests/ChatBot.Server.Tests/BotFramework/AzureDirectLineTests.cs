using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>With a Direct Line secret the page's token comes from Azure Direct Line, here a loopback stand-in for its
/// <c>tokens/generate</c> (a test double: Azure cannot be reached from these machines).</summary>
public sealed class AzureDirectLineTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "azure-direct-line-secret";
    private readonly TempFolder _data = new();
    private readonly ConcurrentQueue<string> _authorizations = new();
    private WebApplication _azure = null!;
    private ServerHost _server = null!;
    private bool _azureDown;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _azure = builder.Build();
        _azure.MapPost("/v3/directline/tokens/generate", (HttpContext context) =>
        {
            _authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            return _azureDown
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { conversationId = "azure-conversation-1", token = "azure-token-1", expires_in = 3600 });
        });
        await _azure.StartAsync();
        _server = await ServerHost.StartAsync(_data.File("index.snapshot"), $"DirectLine:Secret={Secret}", $"DirectLine:AzureEndpoint={_azure.Urls.First()}/v3/directline");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _azure.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Token_ExchangedWithAzureAndTheSecretNeverReturned()
    {
        using var response = await _server.Client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("azure-token-1", "azure-conversation-1", 3600), ((string)body["token"]!, (string)body["conversationId"]!, (int)body["expires_in"]!));
        Assert.Equal($"{_azure.Urls.First()}/v3/directline", (string?)body["domain"]);
        Assert.Equal($"Bearer {Secret}", Assert.Single(_authorizations));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AzureDown_502SayingSo()
    {
        _azureDown = true;

        using var response = await _server.Client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("503", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
