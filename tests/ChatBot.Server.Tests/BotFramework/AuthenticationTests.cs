using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Authentication;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>/api/messages with an app id: every incoming token is checked and replies carry the bot's own token.</summary>
public sealed class AuthenticationTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();
    private ServerHost _server = null!;
    private TestChannel _channel = null!;
    private LocalIdentityProvider _idp = null!;

    public async Task InitializeAsync()
    {
        _channel = await TestChannel.StartAsync();
        _idp = await LocalIdentityProvider.StartAsync();
        _server = await ServerHost.StartAsync(_data.File("index.snapshot"), [.. _idp.Settings, "BotFramework:TypingDelay=00:00:10"]);
        Assert.True((await _server.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _channel.DisposeAsync();
        await _idp.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private JsonObject Message(string channelId = "msteams", string? serviceUrl = null) => new()
    {
        ["type"] = "message",
        ["id"] = "m-" + Guid.NewGuid().ToString("N")[..6],
        ["channelId"] = channelId,
        ["serviceUrl"] = serviceUrl ?? _channel.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "bot" },
        ["conversation"] = new JsonObject { ["id"] = "conv" },
        ["text"] = "When was the ceasefire signed?",
    };

    private async Task<HttpStatusCode> PostAsync(JsonObject activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _server.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task ValidChannelToken_ReplyCarriesTheBotsTokenWhichIsCached()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl)));

        await _channel.WaitForAsync(2);

        Assert.All(_channel.Authorizations, a => Assert.Equal("Bearer bot-token-1", a));
        var request = Assert.Single(_idp.TokenRequests);
        Assert.Equal("client_credentials", request["grant_type"]);
        Assert.Equal(LocalIdentityProvider.AppId, request["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", request["scope"]);
    }

    [Fact]
    public async Task ConcurrentTurns_FetchOneToken()
    {
        var posts = Enumerable.Range(0, 8).Select(_ => PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl)));

        Assert.All(await Task.WhenAll(posts), s => Assert.Equal(HttpStatusCode.OK, s));
        await _channel.WaitForAsync(8);

        Assert.Single(_idp.TokenRequests);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task EmulatorToken_WithTheBotsAppId_Accepted(string version)
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message("emulator"), _idp.EmulatorToken(version)));
    }

    [Fact]
    public async Task SigningKeyRotated_UnknownKidRefetchesKeysAtOnceAndTheTokenIsAccepted()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl)));
        var fetched = _idp.ChannelKeyRequests;
        var rotated = _idp.RotateChannelKey();

        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl, key: rotated)));
        Assert.Equal(fetched + 1, _idp.ChannelKeyRequests);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl, key: rotated)));
        Assert.Equal(fetched + 1, _idp.ChannelKeyRequests);
    }

    [Fact]
    public async Task MadeUpKeyIds_RefusedWithoutRefetchingTheKeysForEachToken()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl)));
        var fetched = _idp.ChannelKeyRequests;

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Message(), _idp.ChannelToken(_channel.ServiceUrl, key: LocalIdentityProvider.NewKey())));
        }

        Assert.True(_idp.ChannelKeyRequests <= fetched + 1, $"{_idp.ChannelKeyRequests - fetched} refetches");
    }

    public static TheoryData<string> Rejections => ["missing", "not bearer", "bad signature", "wrong audience", "expired", "wrong issuer", "serviceurl mismatch", "not endorsed", "emulator wrong appid", "garbage"];

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task BadToken_401AndNothingProcessed(string spoil)
    {
        var activity = Message();
        var url = _channel.ServiceUrl;
        string? token = spoil switch
        {
            "missing" => null,
            "bad signature" => _idp.ChannelToken(url, key: LocalIdentityProvider.NewKey()),
            "wrong audience" => _idp.ChannelToken(url, audience: "someone-else"),
            "expired" => _idp.ChannelToken(url, expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong issuer" => _idp.ChannelToken(url, issuer: "https://evil.example.com"),
            "serviceurl mismatch" => _idp.ChannelToken("https://smba.trafficmanager.net/amer/"),
            "not endorsed" => _idp.ChannelToken(url, key: _idp.AddChannelKey("slack")),
            "emulator wrong appid" => _idp.EmulatorToken("2.0", "another-app"),
            "garbage" => "not-a-jwt",
            _ => _idp.ChannelToken(url),
        };

        HttpStatusCode status;
        if (spoil == "not bearer")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + _idp.ChannelToken(url));
            using var response = await _server.Client.SendAsync(request);
            status = response.StatusCode;
        }
        else
        {
            status = await PostAsync(activity, token);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        await Task.Delay(200);
        Assert.Equal(0, _channel.Calls);
    }

    [Fact]
    public Task UserAssignedManagedIdentity_RepliesCarryTheManagedIdentityToken() =>
        ManagedIdentityTurnAsync("msi-token", $"ManagedIdentityEndpoint={_idp.BaseUrl}/msi/token");

    [Fact]
    public Task UserAssignedManagedIdentity_OnContainerApps_UsesTheHostsIdentityEndpoint() =>
        ManagedIdentityTurnAsync("container-identity-token", $"IDENTITY_ENDPOINT={_idp.BaseUrl}/identity/token", $"IDENTITY_HEADER={LocalIdentityProvider.IdentityHeader}");

    /// <summary>One turn of a bot whose identity is a user-assigned managed identity reached through
    /// <paramref name="endpoint"/>: every call the bot makes carries <paramref name="token"/>.</summary>
    private async Task ManagedIdentityTurnAsync(string token, params string[] endpoint)
    {
        using var data = new TempFolder();
        string[] settings =
        [
            .. _idp.Settings.Where(s => !s.StartsWith("MicrosoftAppPassword", StringComparison.Ordinal)),
            "MicrosoftAppType=UserAssignedMSI",
            "MicrosoftAppTenantId=tenant-1",
            .. endpoint,
        ];
        await using var server = await ServerHost.StartAsync(data.File("index.snapshot"), settings);
        Assert.True((await server.WaitUntilReadyAsync()).Ready);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Message()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _idp.ChannelToken(_channel.ServiceUrl));

        using var response = await server.Client.SendAsync(request);
        await _channel.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A slow first answer is preceded by a typing indicator; every call the bot makes carries the token.
        Assert.NotEmpty(_channel.Authorizations);
        Assert.All(_channel.Authorizations, a => Assert.Equal("Bearer " + token, a));
        var query = Assert.Single(_idp.TokenRequests);
        Assert.Equal((LocalIdentityProvider.AppId, "https://api.botframework.com"), (query["client_id"], query["resource"]));
    }

    [Theory]
    [InlineData(null, null, "https://login.microsoftonline.com/botframework.com")]
    [InlineData("SingleTenant", "contoso-tenant", "https://login.microsoftonline.com/contoso-tenant")]
    public void LoginUrl_FollowsTheAppType(string? type, string? tenant, string expected)
    {
        var options = new BotAuthenticationOptions { MicrosoftAppId = "a", MicrosoftAppPassword = "p", MicrosoftAppType = type, MicrosoftAppTenantId = tenant };

        Assert.Equal(expected, options.LoginUrl);
        Assert.Null(options.Problem());
    }

    [Theory]
    [InlineData("MultiTenant", null, null, "MicrosoftAppPassword")]
    [InlineData("SingleTenant", "p", null, "MicrosoftAppTenantId")]
    [InlineData("UserAssignedMSI", "p", "t", "no MicrosoftAppPassword")]
    [InlineData("Weird", "p", null, "not MultiTenant")]
    public void Problem_IncompleteCredentials_SaysWhatIsMissing(string type, string? password, string? tenant, string expected)
    {
        var options = new BotAuthenticationOptions { MicrosoftAppId = "a", MicrosoftAppPassword = password, MicrosoftAppType = type, MicrosoftAppTenantId = tenant };

        Assert.Contains(expected, options.Problem(), StringComparison.Ordinal);
    }
}
