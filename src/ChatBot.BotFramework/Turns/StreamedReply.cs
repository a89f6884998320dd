using System.Text;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// Streams one answer into the channel while it is written, in the form Teams (streaminfo, one-to-one chats) and Web
/// Chat (livestreaming over Direct Line) both read: an informative update, then <c>typing</c> activities that each
/// carry the whole text so far, and a final <c>message</c> that replaces them. Each activity carries its stream fields
/// twice, in a <c>streaminfo</c> entity (Teams) and in <c>channelData</c> (Web Chat), and later ones name the stream by
/// the id the channel gave the first. The first text goes out at once, later ones at most every
/// <see cref="BotFrameworkOptions.StreamInterval"/>, and only after the channel took the one before (one in flight),
/// so sequence numbers arrive in order. Sends run beside the answer, never in its way: a channel slow to take a chunk
/// delays only the chunks, and a channel that fails one ends the streaming (the final message still goes).
/// </summary>
public sealed class StreamedReply : IDisposable
{
    /// <summary>How long the final message waits for a chunk still being sent before it goes anyway.</summary>
    private static readonly TimeSpan ChunkGrace = TimeSpan.FromSeconds(2);

    private readonly Activity _inbound;
    private readonly Func<Activity, CancellationToken, Task<string?>> _send;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly StringBuilder _text = new();
    private readonly CancellationTokenSource _abandon = new();
    private Task _inFlight = Task.CompletedTask;
    private string? _streamId;
    private int _sequence;
    private bool _streaming;
    private bool _broken;
    private long _lastSent;

    /// <param name="send">Delivers an activity to the channel and returns the id it was given, or null when it was not taken.</param>
    public StreamedReply(Activity inbound, Func<Activity, CancellationToken, Task<string?>> send, TimeSpan interval, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(time);
        _inbound = inbound;
        _send = send;
        _interval = interval;
        _time = time;
    }

    /// <summary>Whether the channel the message came from shows streamed answers: Teams in one-to-one chats (it refuses
    /// streams elsewhere), and Direct Line and Web Chat (a client on a WebSocket shows them; one polling never sees
    /// typing activities, and gets the final message as usual).</summary>
    public static bool Supports(Activity inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.Type != ActivityTypes.Message)
        {
            return false;
        }

        return inbound.ChannelId?.ToLowerInvariant() switch
        {
            "msteams" => string.Equals(inbound.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase),
            "directline" or "webchat" => true,
            _ => false,
        };
    }

    /// <summary>Whether anything was sent: the typing indicator is then not needed, and the final message must close
    /// the stream.</summary>
    public bool Started => _sequence > 0;

    /// <summary>Opens the stream with a short note of what the bot is doing (Teams' informative update).</summary>
    public void Inform(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Started)
        {
            Send("informative", text);
        }
    }

    /// <summary>Adds written text; sends the text so far when it is due and nothing is in flight.</summary>
    public ValueTask OnDeltaAsync(string delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _text.Append(delta);
        var due = !_streaming || _time.GetElapsedTime(_lastSent) >= _interval;
        if (due && _inFlight.IsCompleted && !_broken && _text.Length > 0)
        {
            _streaming = true;
            Send("streaming", _text.ToString());
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Makes <paramref name="final"/> the stream's last activity (when a stream was opened), after the chunk in
    /// flight, if any, was taken or given up on.</summary>
    public async Task CompleteAsync(Activity final)
    {
        ArgumentNullException.ThrowIfNull(final);
        if (!_inFlight.IsCompleted)
        {
            await Task.WhenAny(_inFlight, Task.Delay(ChunkGrace, _time)).ConfigureAwait(false);
            await _abandon.CancelAsync().ConfigureAwait(false);
            await _inFlight.ConfigureAwait(false);
        }

        if (_streamId is null)
        {
            return;
        }

        (final.Entities ??= []).Add(new JsonObject { ["type"] = "streaminfo", ["streamId"] = _streamId, ["streamType"] = "final" });
        var channelData = final.ChannelData ??= [];
        channelData["streamId"] = _streamId;
        channelData["streamType"] = "final";
    }

    public void Dispose() => _abandon.Dispose();

    private void Send(string streamType, string text)
    {
        var sequence = ++_sequence;
        var chunk = Replies.To(_inbound, ActivityTypes.Typing);
        chunk.Text = text;
        var info = new JsonObject { ["type"] = "streaminfo", ["streamType"] = streamType, ["streamSequence"] = sequence };
        var channelData = new JsonObject { ["streamType"] = streamType, ["streamSequence"] = sequence };
        if (_streamId is not null)
        {
            info["streamId"] = _streamId;
            channelData["streamId"] = _streamId;
        }

        chunk.Entities = [info];
        chunk.ChannelData = channelData;
        _lastSent = _time.GetTimestamp();
        _inFlight = SendAsync(chunk);
    }

    private async Task SendAsync(Activity chunk)
    {
        string? id;
        try
        {
            id = await _send(chunk, _abandon.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Whatever stopped this chunk (the final message giving up on it, a channel fault), the answer goes on:
            // a chunk is only a preview of it.
            id = null;
        }

        if (id is null)
        {
            // The channel did not take it: streaming stops here, and without a stream id the final message is an
            // ordinary reply.
            _broken = true;
        }
        else
        {
            _streamId ??= id;
        }
    }
}
