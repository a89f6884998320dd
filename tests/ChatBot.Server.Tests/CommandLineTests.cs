using ChatBot.Server.Cli;

namespace ChatBot.Server.Tests;

/// <summary>How the program's arguments split into the verb, its own arguments, and the host's.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], "Serve", "", "")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, "Serve", "", "--urls http://127.0.0.1:5000")]
    [InlineData(new[] { "--rebuild", "--urls", "http://127.0.0.1:5000" }, "Serve", "--rebuild", "--urls http://127.0.0.1:5000")]
    [InlineData(new[] { "serve", "--urls", "http://x:1", "--rebuild" }, "Serve", "--rebuild", "--urls http://x:1")]
    [InlineData(new[] { "ingest", "--rebuild", "--VectorStore:Provider=Qdrant" }, "Ingest", "--rebuild", "--VectorStore:Provider=Qdrant")]
    [InlineData(new[] { "ask", "When was the ceasefire signed?", "--urls", "http://x:1" }, "Ask", "When was the ceasefire signed?", "--urls http://x:1")]
    [InlineData(new[] { "frobnicate" }, "Help", "", "")]
    public void Parse_SplitsVerbVerbArgumentsAndHostArguments(string[] args, string verb, string verbArgs, string hostArgs)
    {
        var command = CommandLine.Parse(args);

        Assert.Equal(verb, command.Verb.ToString());
        Assert.Equal(verbArgs, string.Join(' ', command.VerbArgs));
        Assert.Equal(hostArgs, string.Join(' ', command.HostArgs));
    }
}
