using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Turns;

/// <summary>Whether a turn was taken: accepted, or why not.</summary>
public enum ScheduleResult
{
    Accepted,

    /// <summary>Every conversation together has <see cref="BotFrameworkOptions.QueueCapacity"/> turns waiting.</summary>
    Busy,

    /// <summary>This conversation has <see cref="BotFrameworkOptions.MaxPendingTurnsPerConversation"/> turns waiting.</summary>
    ConversationBusy,

    /// <summary>The host is shutting down.</summary>
    Stopping,
}

/// <summary>
/// Runs turns in the background for every channel. Turns of one conversation run one after another, in the order they
/// arrived, so replies come back in the order questions were asked; turns of different conversations run concurrently
/// up to <see cref="BotFrameworkOptions.MaxConcurrentTurns"/> (sending is I/O, so a channel that is slow to take its
/// replies holds only its own conversations). What waits is bounded in total and per conversation. A turn that throws
/// is logged and the next one runs; at shutdown, turns already running are given the host's shutdown time to finish.
/// </summary>
public sealed partial class TurnScheduler : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Func<CancellationToken, Task>>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<TurnScheduler> _logger;
    private int _waiting;
    private bool _closed;

    public TurnScheduler(BotFrameworkOptions options, ILogger<TurnScheduler> logger)
    {
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrentTurns, options.MaxConcurrentTurns);
    }

    /// <summary>Queues <paramref name="turn"/> behind the conversation's earlier turns. The token it is given is
    /// cancelled only when the host's shutdown time has run out.</summary>
    public ScheduleResult TryEnqueue(string conversationKey, Func<CancellationToken, Task> turn)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        ArgumentNullException.ThrowIfNull(turn);
        Queue<Func<CancellationToken, Task>> queue;
        lock (_gate)
        {
            if (_closed)
            {
                return ScheduleResult.Stopping;
            }

            if (_waiting >= _options.QueueCapacity)
            {
                return ScheduleResult.Busy;
            }

            if (_pending.TryGetValue(conversationKey, out var running))
            {
                if (running.Count >= _options.MaxPendingTurnsPerConversation)
                {
                    return ScheduleResult.ConversationBusy;
                }

                // The conversation's runner is still going and will take this turn after the others.
                running.Enqueue(turn);
                _waiting++;
                return ScheduleResult.Accepted;
            }

            queue = new Queue<Func<CancellationToken, Task>>();
            queue.Enqueue(turn);
            _pending[conversationKey] = queue;
            _waiting++;
        }

        _ = Task.Run(() => DrainAsync(conversationKey, queue));
        return ScheduleResult.Accepted;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Takes no new turns and waits for the waiting ones until <paramref name="cancellationToken"/> (the
    /// host's shutdown timeout), then cancels what is still running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closed = true;
            if (_waiting == 0)
            {
                _idle.TrySetResult();
            }
        }

        try
        {
            await _idle.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task DrainAsync(string conversationKey, Queue<Func<CancellationToken, Task>> queue)
    {
        var stopping = _stopping.Token;
        while (true)
        {
            Func<CancellationToken, Task> turn;
            lock (_gate)
            {
                // The turn stays queued while it runs: a queue in the table means its runner is active.
                turn = queue.Peek();
            }

            try
            {
                await _slots.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    await turn(stopping).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                LogTurnFailed(_logger, conversationKey, ex);
            }

            lock (_gate)
            {
                queue.Dequeue();
                _waiting--;
                if (_closed && _waiting == 0)
                {
                    _idle.TrySetResult();
                }

                if (queue.Count == 0)
                {
                    _pending.Remove(conversationKey);
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "A turn in {Conversation} failed; the next turn runs")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
