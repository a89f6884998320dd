using System.Text.Json.Serialization;
using ChatBot.Answering;

namespace ChatBot.BotFramework.Feedback;

/// <summary>A passage an answer cited, as kept with the answer for feedback.</summary>
public sealed record FeedbackCitation(int Index, string Title, string? SourceUrl, string Text);

/// <summary>A question and the answer the bot sent, kept under the reply's id so a rating of that reply can say what was
/// rated. Texts are cut to bounded lengths: the store is bounded in bytes, whatever a model writes.</summary>
public sealed record AnsweredQuestion(string Question, string Answer, bool Grounded, IReadOnlyList<FeedbackCitation> Citations)
{
    public const int MaxQuestionLength = 2000;
    public const int MaxAnswerLength = 8000;
    public const int MaxCitationLength = 1000;
    public const int MaxCitations = 10;

    public static AnsweredQuestion Of(string question, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        return new AnsweredQuestion(
            Cut(question, MaxQuestionLength),
            Cut(answer.Text, MaxAnswerLength),
            answer.Grounded,
            [.. answer.Citations.Take(MaxCitations).Select(c => new FeedbackCitation(c.Index, Cut(c.Title, 300), c.SourceUrl is null ? null : Cut(c.SourceUrl, 1000), Cut(c.Text, MaxCitationLength)))]);
    }

    /// <summary>What the texts take, in bytes (UTF-16).</summary>
    [JsonIgnore]
    public long Size => (Question.Length + Answer.Length + Citations.Sum(c => c.Title.Length + (c.SourceUrl?.Length ?? 0) + c.Text.Length)) * (long)sizeof(char);

    public static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}

/// <summary>A user's rating of one reply (Teams' thumbs up or down, with optional text), with what was rated when the
/// reply is still remembered.</summary>
/// <param name="ConversationId">The conversation's key (see <see cref="ChatBot.Answering.Conversation.ConversationKeys"/>).</param>
public sealed record FeedbackEntry(
    string ConversationId, string Channel, string? ReplyToId, string Reaction, string? Text, DateTimeOffset At, AnsweredQuestion? Answered = null)
{
    public const int MaxTextLength = 2000;

    [JsonIgnore]
    public long Size =>
        ((ConversationId.Length + Channel.Length + (ReplyToId?.Length ?? 0) + Reaction.Length + (Text?.Length ?? 0)) * (long)sizeof(char)) + (Answered?.Size ?? 0);
}
