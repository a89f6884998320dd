using ChatBot.Answering;

namespace ChatBot.Server.Hosting;

/// <summary>Prepares the knowledge base in the background, so the server listens (and answers /healthz) at once and
/// reports ready on /readyz when the model is loaded and the index is current.</summary>
internal sealed partial class KnowledgeWarmup(KnowledgeInitializer initializer, ILogger<KnowledgeWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Loading the model is synchronous work; run it off the start-up path.
        await Task.Yield();
        try
        {
            var report = await Task.Run(() => initializer.InitializeAsync(cancellationToken: stoppingToken), stoppingToken).ConfigureAwait(false);
            LogReady(logger, report.Documents, report.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Knowledge base ready: {Documents} documents checked in {Milliseconds:F0} ms")]
    private static partial void LogReady(ILogger logger, int documents, double milliseconds);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "The knowledge base could not be prepared; /readyz reports the reason")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
