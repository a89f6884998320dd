using System.Text.Json.Nodes;
using ChatBot.Answering;
using ChatBot.BotFramework.Replies;
using ChatBot.BotFramework.Schema;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>The citation entity each channel accepts: Teams refuses plain text in <c>appearance.text</c> (400
/// BadSyntax) and takes a stringified Adaptive Card; Web Chat renders Markdown.</summary>
public sealed class ReplyFormatterTests
{
    private static readonly Answer Cited = new(
        "The ceasefire was signed on November 10, 2020 [1].",
        true,
        [new Citation(1, Guid.NewGuid(), "doc", "Peace *process* report", "https://example.org/a", 0,
            "The ceasefire [of 2020] was signed on *November 10, 2020*, ending 44 days of war.", 0.9)]);

    private static JsonObject Appearance(string channel)
    {
        var reply = new Activity { Type = ActivityTypes.Message };
        ReplyFormatter.Apply(Cited, reply, channel);
        var entity = Assert.Single(reply.Entities!)!.AsObject();
        return entity["citation"]![0]!["appearance"]!.AsObject();
    }

    [Fact]
    public void Apply_Teams_PassageIsAStringifiedAdaptiveCardWithTitleAndWrappedText()
    {
        var appearance = Appearance("msteams");

        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)appearance["encodingFormat"]);
        var card = JsonNode.Parse((string)appearance["text"]!)!;
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        var blocks = card["body"]!.AsArray();
        Assert.All(blocks, b => Assert.Equal("TextBlock", (string?)b!["type"]));
        Assert.All(blocks, b => Assert.True((bool)b!["wrap"]!));
        Assert.Equal("Peace *process* report", (string?)blocks[0]!["text"]);
        Assert.Equal(Cited.Citations[0].Text, (string?)blocks[1]!["text"]);
        Assert.True(((string)appearance["name"]!).Length <= ReplyFormatter.MaxNameLength);
    }

    [Theory]
    [InlineData("directline")]
    [InlineData("webchat")]
    [InlineData("emulator")]
    public void Apply_WebChatChannels_PassageIsMarkdownThatReadsAsTheDocument(string channel)
    {
        var appearance = Appearance(channel);

        Assert.Equal("text/markdown", (string?)appearance["encodingFormat"]);
        Assert.Equal(@"The ceasefire \[of 2020\] was signed on \*November 10, 2020\*, ending 44 days of war.", (string?)appearance["text"]);
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("directline")]
    public void Apply_EveryChannel_TextAndEncodingFormatBothSet(string channel)
    {
        var appearance = Appearance(channel);

        Assert.False(string.IsNullOrEmpty((string?)appearance["text"]));
        Assert.False(string.IsNullOrEmpty((string?)appearance["encodingFormat"]));
        Assert.NotEqual("text/plain", (string?)appearance["encodingFormat"]);
    }
}
