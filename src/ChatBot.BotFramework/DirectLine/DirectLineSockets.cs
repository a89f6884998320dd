namespace ChatBot.BotFramework.DirectLine;

/// <summary>The WebSockets this instance has open, at most <see cref="DirectLineOptions.MaxSockets"/>: each holds a
/// connection and a frame buffer here, wherever its conversation is kept.</summary>
public sealed class DirectLineSockets(DirectLineOptions options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>Counts a new socket; false when <see cref="DirectLineOptions.MaxSockets"/> are open.</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= options.MaxSockets)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Closed() => Interlocked.Decrement(ref _open);
}
