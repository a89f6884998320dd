using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.State;

/// <summary>
/// A real <c>redis-server</c> (Debian's) on a loopback port, with its data in a temporary folder. It can be stopped and
/// started again on the same port; stopping saves the data (SHUTDOWN SAVE), as a managed Redis keeps it across a
/// restart, so a test sees whether the bot recovers rather than whether the data survived.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";

    private readonly TempFolder _data = new();
    private Process? _process;

    private RedisServer() => Port = LoopbackPort.Free();

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Why the tests that need Redis cannot run here; null when they can.</summary>
    public static string? Missing => File.Exists(Executable) ? null : $"{Executable} is not installed (apt-get install redis-server; .ci/run installs it)";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data.Path,
            "--save", "3600 1", "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await CommandAsync("PING") != "+PONG")
        {
            Assert.True(DateTime.UtcNow < deadline, "redis-server did not start");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server, saving its data; connections to it fail until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        await CommandAsync("SHUTDOWN SAVE");
        if (_process is { } process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Sends one inline command and returns the first line of the reply; null when nothing answers.</summary>
    public async Task<string?> CommandAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer);
            return read == 0 ? null : Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _data.Dispose();
    }
}
