using System.Text.Json.Nodes;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>What a turn produced: the activities to send back and, for an invoke, the HTTP answer.</summary>
/// <param name="InvokeStatus">The HTTP status of an invoke's response; null for other activity types.</param>
/// <param name="InvokeBody">The invoke response body; null for an empty body.</param>
public sealed record TurnResult(IReadOnlyList<Activity> Replies, int? InvokeStatus = null, JsonNode? InvokeBody = null)
{
    /// <summary>The question the turn's first message answered and the answer, remembered under the id the channel gives
    /// that message, so a rating of it can be exported with what was rated.</summary>
    public Feedback.AnsweredQuestion? Answered { get; init; }

    public static TurnResult Nothing { get; } = new([]);
}
