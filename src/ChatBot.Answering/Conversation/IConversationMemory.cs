namespace ChatBot.Answering.Conversation;

/// <summary>
/// Where the recent turns of each conversation are kept, so a follow-up is understood whichever instance serves it:
/// in this process (<see cref="ConversationStore"/>) or in a shared store when several instances run.
/// </summary>
public interface IConversationMemory
{
    /// <summary>The conversation's remembered turns, oldest first; empty for an unknown or expired conversation.</summary>
    ValueTask<IReadOnlyList<Turn>> HistoryAsync(string conversationKey, CancellationToken cancellationToken);

    /// <summary>Remembers a turn, forgetting the oldest past <see cref="ConversationOptions.MaxTurns"/>.</summary>
    ValueTask AddAsync(string conversationKey, Turn turn, CancellationToken cancellationToken);
}
