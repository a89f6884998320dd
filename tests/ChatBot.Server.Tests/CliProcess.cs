using System.Diagnostics;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests;

/// <summary>Runs the server program as a separate process, the way a user runs it, from the repository root.</summary>
internal static class CliProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Hosting.ChatBotApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>Runs to the end (at most two minutes) and returns the exit code and everything printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(IEnumerable<string> args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
