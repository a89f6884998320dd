using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChatBot.State.Redis;

/// <summary>
/// A request that needs the shared state while Redis cannot be reached gets 503 with the reason and a Retry-After,
/// never a 500; nothing stored is touched, and the next request after Redis is back succeeds (the connection
/// reconnects by itself).
/// </summary>
public sealed partial class StateUnavailableHandler(IProblemDetailsService problems, ILogger<StateUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Path, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Conversation store unavailable",
                Detail = "The bot cannot reach the store its conversations are kept in (Redis). Retry in a few seconds.",
            },
        }).ConfigureAwait(false);
    }

    /// <summary>Redis unreachable, timing out or refusing (loading, read-only replica), however the caller wrapped it.</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is RedisException || exception.InnerException is RedisException
        || (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable));

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "{Path} answered 503: Redis unavailable ({Exception})")]
    private static partial void LogUnavailable(ILogger logger, string path, string exception);
}
