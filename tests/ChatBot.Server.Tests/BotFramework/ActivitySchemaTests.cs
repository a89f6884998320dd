using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Schema;

namespace ChatBot.Server.Tests.BotFramework;

public sealed class ActivitySchemaTests
{
    [Fact]
    public void RoundTrip_UnknownFieldsSurviveAndNullsAreLeftOut()
    {
        const string json = """
            {"type":"message","id":"1","text":"hi","futureField":{"a":[1,2]},"from":{"id":"u","role":"user","extra":"x"},
             "conversation":{"id":"c","tenantId":"t","other":true},"channelData":{"tenant":{"id":"t"}},"value":{"k":"v"}}
            """;

        var activity = JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, BotJson.Options))!.AsObject();

        Assert.Equal(2, written["futureField"]!["a"]!.AsArray().Count);
        Assert.Equal("x", (string?)written["from"]!["extra"]);
        Assert.True((bool)written["conversation"]!["other"]!);
        Assert.Equal("t", (string?)written["channelData"]!["tenant"]!["id"]);
        Assert.False(written.ContainsKey("replyToId"));
        Assert.False(written.ContainsKey("entities"));
    }
}
