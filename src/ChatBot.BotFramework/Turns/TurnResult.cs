using System.Text.Json.Nodes;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>What a turn produced: the activities to send back and, for an invoke, the HTTP answer.</summary>
/// <param name="InvokeStatus">The HTTP status of an invoke's response; null for other activity types.</param>
/// <param name="InvokeBody">The invoke response body; null for an empty body.</param>
public sealed record TurnResult(IReadOnlyList<Activity> Replies, int? InvokeStatus = null, JsonNode? InvokeBody = null)
{
    public static TurnResult Nothing { get; } = new([]);
}
