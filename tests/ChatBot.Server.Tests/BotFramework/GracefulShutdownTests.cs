using System.Net;
using System.Net.Http.Json;
using ChatBot.Server.Tests.Llm;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>An instance stopping (a deployment, a scale-in) while a turn is being answered: the turn finishes and its
/// reply is delivered before the host is gone.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task HostStopsWhileAModelIsWriting_TheReplyIsStillDelivered()
    {
        await using var channel = await TestChannel.StartAsync();
        await using var model = await LlmStandIn.StartAsync();
        model.Script = (prompt, _) => new Scripted(
            $"The ceasefire was signed on November 10, 2020 [{LlmStandIn.PassageNumberOf(prompt, "November 10, 2020")}].", Delay: TimeSpan.FromSeconds(2));
        var host = await LlmServerFixture.StartReadyBotAsync(model, _data.File("index.snapshot"), "Llm:TimeoutSeconds=10", "BotFramework:TypingDelay=00:00:30");
        using (var posted = await host.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), channel.Message("When was the ceasefire signed?", "shutdown-1")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        await Eventually.FindAsync(() => model.Requests.IsEmpty ? null : "asked", "the model's request");
        await host.DisposeAsync();

        var (_, reply) = Assert.Single(channel.Received);
        Assert.StartsWith("The ceasefire was signed on November 10, 2020. [1]", (string?)reply["text"], StringComparison.Ordinal);
    }
}
