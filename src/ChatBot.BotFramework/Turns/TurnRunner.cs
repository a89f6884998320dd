using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// Runs a turn the way every channel wants it: a typing indicator first when the answer is not immediate (a zero delay
/// means always), and a short apology instead of silence when the turn fails.
/// </summary>
public static class TurnRunner
{
    /// <param name="sendTyping">Delivers the typing indicator to the channel.</param>
    /// <param name="onFailure">Records a failed turn (the user gets an apology either way).</param>
    public static async Task<TurnResult> RunAsync(
        BotTurnProcessor processor,
        Activity activity,
        string conversationKey,
        TimeSpan typingDelay,
        Func<Activity, Task> sendTyping,
        Action<Exception> onFailure,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(sendTyping);
        ArgumentNullException.ThrowIfNull(onFailure);
        try
        {
            // Answering runs on its own task so that the typing decision depends on elapsed time, not on whether the
            // answer happened to complete synchronously.
            var turn = Task.Run(() => processor.ProcessAsync(activity, conversationKey, cancellationToken), cancellationToken);
            if (activity.Type == ActivityTypes.Message
                && (typingDelay <= TimeSpan.Zero
                    || await Task.WhenAny(turn, Task.Delay(typingDelay, cancellationToken)).ConfigureAwait(false) != turn))
            {
                await sendTyping(Replies.To(activity, ActivityTypes.Typing)).ConfigureAwait(false);
            }

            return await turn.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            onFailure(ex);
            return new TurnResult([Replies.Apology(activity)]);
        }
    }
}
