using ChatBot.Knowledge.Ingestion;

namespace ChatBot.Server.Cli;

/// <summary>Shows ingestion progress on the terminal: one updating line per stage on a console, plain lines when
/// output is redirected (logs, CI).</summary>
internal sealed class TerminalProgress : IProgress<IngestionProgress>
{
    private readonly TextWriter _writer = Console.Error;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private string? _stage;

    public void Report(IngestionProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = $"{value.Stage}: {value.Done}/{value.Total}";
        if (_interactive)
        {
            if (_stage is not null && _stage != value.Stage)
            {
                _writer.WriteLine();
            }

            _writer.Write('\r' + line);
            if (value.Done == value.Total)
            {
                _writer.WriteLine();
                _stage = null;
                return;
            }
        }
        else if (value.Done == value.Total || value.Done % 10 == 0)
        {
            _writer.WriteLine(line);
        }

        _stage = value.Stage;
    }
}
