using System.Text.Json;
using ChatBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatBot.BotFramework.Hosting;

/// <summary>What an endpoint accepts in one activity: its size, and how many entities and attachments it may carry.</summary>
public sealed record ActivityLimits(int MaxBytes, int MaxEntities = int.MaxValue, int MaxAttachments = int.MaxValue);

/// <summary>Reads an activity from a request body for every endpoint that takes one (<c>/api/messages</c>, Direct Line):
/// JSON by content type, bounded in size (413 past it), valid JSON with a <c>type</c>, ids of a sane length and no more
/// entities or attachments than allowed (400 otherwise, saying why). Exactly one of the activity and the problem is
/// returned.</summary>
public static class ActivityReader
{
    /// <summary>Longest id accepted (activity, reply-to, conversation, sender, recipient, channel). Real channels use
    /// well under 300 characters; longer ones would only grow every key and log line built from them.</summary>
    public const int MaxIdLength = 1024;

    public static async Task<(Activity? Activity, IResult? Problem)> ReadAsync(HttpContext context, ActivityLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        if (!context.Request.HasJsonContentType())
        {
            return (null, Invalid($"Send the activity as JSON with 'Content-Type: application/json' (got '{context.Request.ContentType ?? "none"}')."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = limits.MaxBytes;
        }

        Activity? activity;
        try
        {
            activity = await context.Request.ReadFromJsonAsync<Activity>(BotJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, Invalid($"The body is not a valid activity: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Activity too large",
                detail: $"Activities are limited to {limits.MaxBytes} bytes."));
        }

        var problem = activity is null || string.IsNullOrEmpty(activity.Type) ? "The activity has no 'type'." : Check(activity, limits);
        return problem is null ? (activity, null) : (null, Invalid(problem));
    }

    public static IResult Invalid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid activity", detail: detail);

    private static string? Check(Activity activity, ActivityLimits limits)
    {
        (string Name, string? Value)[] ids =
        [
            ("id", activity.Id), ("replyToId", activity.ReplyToId), ("channelId", activity.ChannelId), ("conversation.id", activity.Conversation?.Id),
            ("from.id", activity.From?.Id), ("recipient.id", activity.Recipient?.Id), ("type", activity.Type), ("name", activity.Name),
        ];
        foreach (var (name, value) in ids)
        {
            if (value is { Length: > MaxIdLength })
            {
                return $"'{name}' is {value.Length} characters long; the limit is {MaxIdLength}.";
            }
        }

        if (activity.Entities is { } entities && entities.Count > limits.MaxEntities)
        {
            return $"The activity has {entities.Count} entities; the limit is {limits.MaxEntities}.";
        }

        return activity.Attachments is { } attachments && attachments.Count > limits.MaxAttachments
            ? $"The activity has {attachments.Count} attachments; the limit is {limits.MaxAttachments}."
            : null;
    }
}
