using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatBot.BotFramework.Hosting;

/// <summary>
/// The channel step's spans (<c>turn</c>: one activity from a channel; <c>connector.send</c>: one reply sent back) and
/// metrics, for OpenTelemetry. Tags carry the channel, the conversation id and outcomes, never what users wrote.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "ChatBot.BotFramework";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("chatbot.turns", description: "Activities processed, by channel and type");

    /// <summary>The span of one turn, from the activity's arrival through its answer to the last reply sent.</summary>
    public static Activity? StartTurn(Schema.Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Source.StartActivity("turn")?.SetTag("chatbot.channel", activity.ChannelId).SetTag("chatbot.activity_type", activity.Type)
            .SetTag("chatbot.conversation", activity.Conversation?.Id);
    }

    /// <summary>Gauges of the built-in Direct Line: its conversations (when its store counts them without a round trip)
    /// and this instance's open WebSockets. On the host's meter factory, so each host (and its disposal) has its own.</summary>
    public static void ObserveDirectLine(IMeterFactory meters, DirectLine.IDirectLineStore conversations, DirectLine.DirectLineSockets sockets)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(sockets);
        var meter = meters.Create(Name);
        meter.CreateObservableGauge(
            "chatbot.directline.conversations",
            () => conversations.Count is { } count ? [new Measurement<int>(count)] : Array.Empty<Measurement<int>>(),
            description: "Built-in Direct Line conversations held");
        meter.CreateObservableGauge("chatbot.directline.sockets", () => sockets.Open, description: "Built-in Direct Line WebSockets open");
    }

    public static readonly Counter<long> Feedback = Meter.CreateCounter<long>("chatbot.feedback", description: "Feedback given, by reaction (like, dislike)");
}
