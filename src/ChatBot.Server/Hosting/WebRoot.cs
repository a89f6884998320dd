namespace ChatBot.Server.Hosting;

/// <summary>Finds the page's static files: beside the server's own build or publish output, or, when the server is
/// hosted from another project's output (tests, the benchmark), in the server project's source folder.</summary>
internal static class WebRoot
{
    public static string Locate(string contentRoot)
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            Path.Combine(contentRoot, "src", "ChatBot.Server", "wwwroot"),
            Path.Combine(contentRoot, "wwwroot"),
        ];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "index.html"))) ?? candidates[0];
    }
}
