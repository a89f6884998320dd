using Microsoft.AspNetCore.Http;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>A caller let into one conversation: the conversation and what its token grants.</summary>
public sealed record DirectLineCaller(DirectLineChat Conversation, TokenClaims Claims);

/// <summary>
/// Checks the token on every Direct Line call: none is 401; a forged or expired one, or one for another conversation,
/// is 403; a conversation that has ended is 404.
/// </summary>
public static class DirectLineAccess
{
    public static async Task<(DirectLineCaller? Caller, IResult? Failure)> AuthorizeAsync(
        HttpContext context, string? conversationId, IDirectLineStore conversations, DirectLineTokens tokens, string? queryToken = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(tokens);
        var header = context.Request.Headers.Authorization.ToString();
        var token = queryToken ?? (header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null);
        if (string.IsNullOrEmpty(token))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Token required", detail: "Send 'Authorization: Bearer <token>'."));
        }

        var (claims, problem) = tokens.Read(token);
        if (claims is null)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: problem));
        }

        if (conversationId is not null && claims.Conversation != conversationId)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The token is for another conversation."));
        }

        var conversation = await conversations.FindAsync(claims.Conversation, context.RequestAborted).ConfigureAwait(false);
        return conversation is null
            ? (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation ended", detail: "The conversation has expired; start a new one."))
            : (new DirectLineCaller(conversation, claims), null);
    }
}
