namespace ChatBot.Tests.Shared;

/// <summary>Finds the repository's files from a test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus => Path.Combine(Root, "corpus");

    public static string Article => Path.Combine(Corpus, "armenia-azerbaijan-peace-process.txt");

    public static string QuestionSet => Path.Combine(Root, "tests", "data", "questions.jsonl");

    /// <summary>Our second corpus (fictional library: Markdown FAQ with a table, HTML page, plain-text report), written
    /// to check the method on documents it was not fitted on.</summary>
    public static string LibraryCorpus => Path.Combine(Root, "tests", "data", "library", "docs");

    public static string LibraryQuestionSet => Path.Combine(Root, "tests", "data", "library", "questions.jsonl");

    /// <summary>The shared development set, beside the repository (present for developers and in CI).</summary>
    public static string SharedDevSet => Path.GetFullPath(Path.Combine(Root, "..", "shared", "eval", "dev.jsonl"));

    /// <summary>The lines of the shared development set when it is beside the repository, else none: a test that only
    /// gains from more questions reads these and our own set, and passes in a clone with nothing beside it.</summary>
    public static IEnumerable<string> SharedDevSetIfPresent() => File.Exists(SharedDevSet) ? File.ReadLines(SharedDevSet) : [];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find ChatBot.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>A folder under the system temp folder, deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chatbot-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
