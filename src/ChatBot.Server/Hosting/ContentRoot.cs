namespace ChatBot.Server.Hosting;

/// <summary>Finds the folder that holds <c>appsettings.json</c> and the corpus, so `dotnet run --project …` works from
/// the repository root, from the project folder, or from the build output.</summary>
internal static class ContentRoot
{
    public static string Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "corpus")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
