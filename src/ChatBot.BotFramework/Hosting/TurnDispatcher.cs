using System.Threading.Channels;
using ChatBot.BotFramework.Connector;
using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Hosting;

/// <summary>
/// Runs turns after their HTTP request has been answered, so the channel gets its 200 at once (Teams gives a bot 15 s)
/// and replies go out through the connector. A typing indicator is sent when an answer takes a while; a turn that
/// fails still gets a short apology, never silence. The queue is bounded: when it is full the endpoint answers 503.
/// </summary>
public sealed partial class TurnDispatcher : BackgroundService
{
    private readonly Channel<Activity> _queue;
    private readonly BotTurnProcessor _processor;
    private readonly ConnectorClient _connector;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<TurnDispatcher> _logger;

    public TurnDispatcher(BotTurnProcessor processor, ConnectorClient connector, BotFrameworkOptions options, ILogger<TurnDispatcher> logger)
    {
        _processor = processor;
        _connector = connector;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    public bool TryEnqueue(Activity activity) => _queue.Writer.TryWrite(activity);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var activity in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunTurnAsync(activity, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunTurnAsync(Activity activity, CancellationToken stoppingToken)
    {
        var serviceUrl = activity.ServiceUrl!;
        var result = await TurnRunner.RunAsync(
            _processor,
            activity,
            _options.TypingDelay,
            typing => _connector.SendAsync(serviceUrl, typing, stoppingToken),
            ex => LogTurnFailed(_logger, BotTurnProcessor.ConversationKey(activity), ex),
            stoppingToken).ConfigureAwait(false);

        foreach (var reply in result.Replies)
        {
            await _connector.SendAsync(serviceUrl, reply, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "The turn in {Conversation} failed; the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
