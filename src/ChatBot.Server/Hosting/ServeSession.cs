namespace ChatBot.Server.Hosting;

/// <summary>What the <c>serve</c> command asked of this run, and how it ended.</summary>
internal sealed class ServeSession
{
    /// <summary>Replace the index at start-up (<c>serve --rebuild</c>), even one of another embedding model.</summary>
    public bool Rebuild { get; set; }

    /// <summary>Non-zero when the server stopped itself because it cannot serve with this configuration.</summary>
    public int ExitCode { get; set; }
}
