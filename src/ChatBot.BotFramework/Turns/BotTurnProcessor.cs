using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Answering;
using ChatBot.Answering.Conversation;
using ChatBot.Answering.Questions;
using ChatBot.BotFramework.Feedback;
using ChatBot.BotFramework.Hosting;
using ChatBot.BotFramework.Replies;
using ChatBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// Handles one inbound activity and says what to send back, without doing any I/O of its own: the same logic serves
/// replies through the connector, <c>expectReplies</c> and the built-in Direct Line.
/// </summary>
public sealed partial class BotTurnProcessor(
    QuestionAnswerer answerer,
    CorpusProfile profile,
    IFeedbackStore feedback,
    ConversationRateLimiter limiter,
    ILogger<BotTurnProcessor> logger)
{
    public const string FeedbackInvoke = "message/submitAction";

    /// <summary>What a streamed answer says while the documents are searched and the model starts writing.</summary>
    public const string Searching = "Looking through the documents…";

    /// <param name="conversationKey">Where the conversation's memory and limits are kept (see <see cref="ConversationKeys"/>).</param>
    public Task<TurnResult> ProcessAsync(Activity activity, string conversationKey, CancellationToken cancellationToken = default) =>
        ProcessAsync(activity, conversationKey, null, cancellationToken);

    /// <param name="stream">Shown the answer as it is written, when the channel streams and a model writes it.</param>
    public async Task<TurnResult> ProcessAsync(Activity activity, string conversationKey, StreamedReply? stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(conversationKey);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ConversationId"] = activity.Conversation?.Id });
        BotTelemetry.Turns.Add(1, new KeyValuePair<string, object?>("channel", activity.ChannelId), new KeyValuePair<string, object?>("type", activity.Type));
        return activity.Type switch
        {
            ActivityTypes.Message => await OnMessageAsync(activity, conversationKey, stream, cancellationToken).ConfigureAwait(false),
            ActivityTypes.ConversationUpdate => OnConversationUpdate(activity),
            ActivityTypes.InstallationUpdate => activity.Action is "add" or "add-upgrade" ? new TurnResult([Welcome(activity)]) : TurnResult.Nothing,
            ActivityTypes.Invoke => await OnInvokeAsync(activity, conversationKey, cancellationToken).ConfigureAwait(false),
            _ => TurnResult.Nothing,
        };
    }

    private async Task<TurnResult> OnMessageAsync(Activity activity, string key, StreamedReply? stream, CancellationToken cancellationToken)
    {
        var text = Mentions.StripBotMention(activity);
        if (text.Length == 0)
        {
            return Say(activity, activity.Attachments is { Count: > 0 }
                ? $"I can only read text. Please type your question about {profile.SourceName}."
                : $"Ask me a question about {profile.SourceName}, for example: " + ExampleList());
        }

        if (!await limiter.TryAcquireAsync(key, cancellationToken).ConfigureAwait(false))
        {
            LogRateLimited(logger, key);
            return Say(activity, "You're sending messages faster than I can answer. Please wait a moment and ask again.");
        }

        try
        {
            TextDelta? delta = null;
            if (stream is not null && answerer.StreamsAnswers)
            {
                stream.Inform(Searching);
                delta = stream.OnDeltaAsync;
            }

            var answer = await answerer.AskAsync(text, key, delta, cancellationToken).ConfigureAwait(false);
            var reply = Replies.To(activity);
            ReplyFormatter.Apply(answer, reply, activity.ChannelId);
            return new TurnResult([reply]) { Answered = AnsweredQuestion.Of(text, answer) };
        }
        catch (InvalidQuestionException ex)
        {
            return Say(activity, ex.Message);
        }
        catch (KnowledgeUnavailableException)
        {
            return Say(activity, "My knowledge base isn't available right now. Please try again in a minute.");
        }
    }

    private TurnResult OnConversationUpdate(Activity activity)
    {
        var botId = activity.Recipient?.Id;
        var userJoined = activity.MembersAdded?.Any(m => m.Id is not null && m.Id != botId) == true;
        return userJoined ? new TurnResult([Welcome(activity)]) : TurnResult.Nothing;
    }

    private async Task<TurnResult> OnInvokeAsync(Activity activity, string key, CancellationToken cancellationToken)
    {
        if (activity.Name != FeedbackInvoke)
        {
            // As the SDK's ActivityHandler: an invoke nobody handles is "not implemented".
            return new TurnResult([], StatusCodes.Status501NotImplemented);
        }

        var value = activity.Value as JsonObject;
        var actionValue = value?["actionValue"] as JsonObject;
        var reaction = StringOf(actionValue?["reaction"]);
        if (StringOf(value?["actionName"]) != "feedback" || reaction is not ("like" or "dislike"))
        {
            return new TurnResult([], StatusCodes.Status400BadRequest, new JsonObject { ["error"] = "expected a feedback submitAction with actionValue.reaction 'like' or 'dislike'" });
        }

        var stored = await feedback.AddAsync(key, activity.ChannelId ?? string.Empty, activity.ReplyToId, reaction, FeedbackText(StringOf(actionValue?["feedback"])), cancellationToken)
            .ConfigureAwait(false);
        BotTelemetry.Feedback.Add(1, new KeyValuePair<string, object?>("reaction", reaction));
        LogFeedback(logger, stored.ConversationId, stored.ReplyToId, stored.Reaction);

        // Teams reports an error when this invoke's response has a body.
        return new TurnResult([], StatusCodes.Status200OK);
    }

    /// <summary>Teams sends the feedback form as a JSON string (<c>{"feedbackText": "…"}</c>); anything else is kept as
    /// is. Either way at most <see cref="FeedbackEntry.MaxTextLength"/> characters are kept.</summary>
    private static string? FeedbackText(string? feedbackJson)
    {
        if (string.IsNullOrWhiteSpace(feedbackJson))
        {
            return null;
        }

        string? text;
        try
        {
            text = JsonNode.Parse(feedbackJson) is JsonObject form ? StringOf(form["feedbackText"]) : feedbackJson;
        }
        catch (JsonException)
        {
            text = feedbackJson;
        }

        return text is { Length: > FeedbackEntry.MaxTextLength } ? text[..FeedbackEntry.MaxTextLength] : text;
    }

    /// <summary>The node's text when it is a JSON string; null for anything else (a client may send any JSON there).</summary>
    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private Activity Welcome(Activity activity)
    {
        var reply = Replies.To(activity);
        reply.Text = $"Hello! I answer questions about {profile.Summary}. I quote {profile.SourceName} and cite the passages I use. Try one of these:";
        if (profile.ExampleQuestions.Count > 0)
        {
            reply.SuggestedActions = new SuggestedActions([.. profile.ExampleQuestions.Select(q => new CardAction("imBack", q, q))]);
        }

        return reply;
    }

    private static TurnResult Say(Activity activity, string text)
    {
        var reply = Replies.To(activity);
        reply.Text = text;
        return new TurnResult([reply]);
    }

    private string ExampleList() => string.Join(" ", profile.ExampleQuestions.Select(q => $"“{q}”"));

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Conversation {Conversation} is over its message rate; asked it to slow down")]
    private static partial void LogRateLimited(ILogger logger, string conversation);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Feedback in {Conversation} on {ReplyToId}: {Reaction}")]
    private static partial void LogFeedback(ILogger logger, string conversation, string? replyToId, string reaction);
}
