using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>How a channel takes what a turn sends before its replies: typing indicators and streamed chunks.</summary>
/// <param name="Send">Delivers an activity and returns the id the channel gave it, or null when it was not taken.</param>
/// <param name="TypingDelay">A typing indicator goes out when the answer takes longer than this (zero: always).</param>
/// <param name="StreamInterval">The least time between two streamed chunks (<see cref="BotFrameworkOptions.StreamInterval"/>).</param>
public sealed record TurnChannel(Func<Activity, CancellationToken, Task<string?>> Send, TimeSpan TypingDelay, TimeSpan StreamInterval, TimeProvider Time);

/// <summary>
/// Runs a turn the way every channel wants it: the answer streamed as it is written where the channel shows streams
/// (see <see cref="StreamedReply"/>), otherwise a typing indicator first when the answer is not immediate; and a short
/// apology instead of silence when the turn fails.
/// </summary>
public static class TurnRunner
{
    /// <param name="onFailure">Records a failed turn (the user gets an apology either way).</param>
    public static async Task<TurnResult> RunAsync(
        BotTurnProcessor processor,
        Activity activity,
        string conversationKey,
        TurnChannel channel,
        Action<Exception> onFailure,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(onFailure);
        using var stream = StreamedReply.Supports(activity) ? new StreamedReply(activity, channel.Send, channel.StreamInterval, channel.Time) : null;
        TurnResult result;
        try
        {
            // Answering runs on its own task so that the typing decision depends on elapsed time, not on whether the
            // answer happened to complete synchronously.
            var turn = Task.Run(() => processor.ProcessAsync(activity, conversationKey, stream, cancellationToken), cancellationToken);
            if (activity.Type == ActivityTypes.Message
                && (channel.TypingDelay <= TimeSpan.Zero
                    || await Task.WhenAny(turn, Task.Delay(channel.TypingDelay, channel.Time, cancellationToken)).ConfigureAwait(false) != turn)
                && stream?.Started != true)
            {
                await channel.Send(Replies.To(activity, ActivityTypes.Typing), cancellationToken).ConfigureAwait(false);
            }

            result = await turn.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            onFailure(ex);
            result = new TurnResult([Replies.Apology(activity)]);
        }

        if (stream is not null && result.Replies.FirstOrDefault(r => r.Type == ActivityTypes.Message) is { } final)
        {
            await stream.CompleteAsync(final).ConfigureAwait(false);
        }

        return result;
    }
}
