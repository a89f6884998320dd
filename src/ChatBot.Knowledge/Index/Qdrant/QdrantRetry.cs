using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ChatBot.Knowledge.Index.Qdrant;

/// <summary>
/// Runs a Qdrant call, retrying transient failures (the server unreachable or too slow) with jittered exponential
/// backoff up to a bound, then reporting the store unavailable. Every write the store makes is idempotent (deterministic
/// ids, delete by filter, whole-value metadata), so a retried write that had in fact landed does no harm.
/// </summary>
internal sealed partial class QdrantRetry(QdrantStoreOptions options, TimeProvider time, ILogger logger)
{
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Qdrant {operation} was cancelled.", ex, cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                if (attempt >= options.MaxAttempts)
                {
                    throw new StoreUnavailableException(
                        $"Qdrant at {options.Endpoint} did not complete {operation} after {attempt} attempts ({ex.StatusCode}: {ex.Status.Detail})", ex);
                }

                var delay = options.RetryDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble());
                LogRetry(logger, operation, attempt, ex.StatusCode, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task RunAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(operation, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Qdrant {Operation} failed transiently (attempt {Attempt}, {Status}); retrying in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string operation, int attempt, StatusCode status, double delayMs);
}
