using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ChatBot.Bench;

/// <summary>The server as a separate process, the way it runs in production.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress, double secondsToReady)
    {
        _process = process;
        BaseAddress = baseAddress;
        SecondsToReady = secondsToReady;
    }

    public Uri BaseAddress { get; }

    public double SecondsToReady { get; }

    public static async Task<ServerProcess> StartAsync(string root, string snapshotPath, params IEnumerable<string> settings)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "ChatBot.Server.dll"), "--urls", baseAddress.ToString(),
            $"--VectorStore:Embedded:SnapshotPath={snapshotPath}",

            // The benchmark is one client address opening many Direct Line conversations.
            "--DirectLine:NewConversationsPerMinute=0",
            .. settings.Select(setting => "--" + setting),
            .. Environment.GetEnvironmentVariable("BENCH_SERVER_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return new ServerProcess(process, baseAddress, clock.Elapsed.TotalSeconds);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(10);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The server did not become ready within two minutes.");
    }

    /// <summary>The high-water mark of the server's resident memory (VmHWM), in megabytes.</summary>
    public double PeakResidentMegabytes() => StatusMegabytes(_process.Id.ToString(CultureInfo.InvariantCulture), "VmHWM:");

    /// <summary>The server's resident memory now (VmRSS), in megabytes.</summary>
    public double ResidentMegabytes() => StatusMegabytes(_process.Id.ToString(CultureInfo.InvariantCulture), "VmRSS:");

    /// <summary>The processor time the server has used so far.</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>A memory figure of <c>/proc/&lt;process&gt;/status</c> ("self" for this process), in megabytes.</summary>
    public static double StatusMegabytes(string process, string field)
    {
        var line = File.ReadLines($"/proc/{process}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A scratch folder for one benchmark run.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("chatbot-bench-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
