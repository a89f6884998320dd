using ChatBot.Answering;
using ChatBot.Knowledge.Index;

namespace ChatBot.Server.Hosting;

/// <summary>
/// Prepares the knowledge base in the background, so the server listens (and answers /healthz) at once and reports
/// ready on /readyz when the model is loaded and the index is current. A store that cannot be reached is tried again
/// with growing waits, at start-up and whenever answering finds it gone, so the bot recovers by itself. An index this
/// bot cannot use stops the server with the reason: serving would only refuse every question.
/// </summary>
internal sealed partial class KnowledgeWarmup(
    KnowledgeInitializer initializer,
    KnowledgeReadiness readiness,
    VectorStoreOptions options,
    ServeSession session,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<KnowledgeWarmup> logger) : BackgroundService
{
    /// <summary>Exit code of a server stopped by an incompatible index.</summary>
    public const int IncompatibleIndexExitCode = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Loading the model is synchronous work; run it off the start-up path.
        await Task.Yield();
        var delay = options.ReconnectDelay;
        var rebuild = session.Rebuild;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await Task.Run(() => initializer.InitializeAsync(rebuild, cancellationToken: stoppingToken), stoppingToken).ConfigureAwait(false);
                LogReady(logger, report.Documents, report.Elapsed.TotalMilliseconds);
                rebuild = false;
                delay = options.ReconnectDelay;
                await readiness.WaitForOutageAsync(stoppingToken).ConfigureAwait(false);
                LogOutage(logger, readiness.Status);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                LogUnavailable(logger, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxReconnectDelay.Ticks));
            }
            catch (IncompatibleIndexException ex)
            {
                LogIncompatible(logger, ex.Message);
                session.ExitCode = IncompatibleIndexExitCode;
                await StopOnceStartedAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                return;
            }
        }
    }

    /// <summary>Stops the server, but not before it has finished starting: a stop during start-up surfaces as a
    /// cancelled start instead of the reason and exit code set here.</summary>
    private async Task StopOnceStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetResult()))
        {
            await started.Task.ConfigureAwait(false);
        }

        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Knowledge base ready: {Documents} documents checked in {Milliseconds:F0} ms")]
    private static partial void LogReady(ILogger logger, int documents, double milliseconds);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "The knowledge base could not be prepared (/readyz says failed)")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The passage store is unavailable ({Reason}); trying again in {Seconds:F1} s")]
    private static partial void LogUnavailable(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The passage store became unavailable while serving ({Status}); reconnecting")]
    private static partial void LogOutage(ILogger logger, string status);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Critical, Message = "Stopping: {Reason}")]
    private static partial void LogIncompatible(ILogger logger, string reason);
}
