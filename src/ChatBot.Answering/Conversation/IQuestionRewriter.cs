namespace ChatBot.Answering.Conversation;

/// <summary>Turns a question that leans on the conversation, or is in another language, into one standalone English
/// question to search with. Without a language model nothing is rewritten and <see cref="FollowUpResolver"/> reads the
/// conversation instead; with one, the model writes it and the resolver remains the fallback.</summary>
public interface IQuestionRewriter
{
    /// <returns>The standalone English question, or null to keep the question as asked.</returns>
    Task<string?> StandaloneAsync(string question, IReadOnlyList<Turn> history, CancellationToken cancellationToken);
}

/// <summary>Keeps every question as asked.</summary>
public sealed class NoQuestionRewriter : IQuestionRewriter
{
    public Task<string?> StandaloneAsync(string question, IReadOnlyList<Turn> history, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
