using System.Text.Json;
using ChatBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatBot.BotFramework.Hosting;

/// <summary>Reads an activity from a request body for every endpoint that takes one (<c>/api/messages</c>, Direct Line):
/// bounded in size (413 past it), valid JSON with a <c>type</c> (400 otherwise, saying why). Exactly one of the
/// activity and the problem is returned.</summary>
public static class ActivityReader
{
    public static async Task<(Activity? Activity, IResult? Problem)> ReadAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
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
                detail: $"Activities are limited to {maxBytes} bytes."));
        }

        return activity is null || string.IsNullOrEmpty(activity.Type)
            ? (null, Invalid("The activity has no 'type'."))
            : (activity, null);
    }

    public static IResult Invalid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid activity", detail: detail);
}
