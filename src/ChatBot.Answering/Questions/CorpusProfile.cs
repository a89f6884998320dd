using ChatBot.Knowledge.Corpus;

namespace ChatBot.Answering.Questions;

/// <summary>What the bot can say about its own knowledge: the corpus summary, document titles and example questions.</summary>
public sealed class CorpusProfile
{
    private volatile Snapshot _current = new(null, [], [], null);

    /// <summary>What the bot calls its sources: the manifest's name for them, or "the document(s)".</summary>
    public string SourceName => _current.SourceName ?? (_current.Titles.Count == 1 ? "the document" : "the documents");

    public string Summary => _current.Summary ?? (_current.Titles.Count > 0 ? string.Join("; ", _current.Titles) : "the documents in my corpus");

    public IReadOnlyList<string> Titles => _current.Titles;

    public IReadOnlyList<string> ExampleQuestions => _current.ExampleQuestions;

    public void Load(CorpusManifest manifest, IEnumerable<string> titles)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(titles);
        _current = new Snapshot(
            string.IsNullOrWhiteSpace(manifest.Summary) ? null : manifest.Summary.Trim(),
            [.. titles.Distinct(StringComparer.Ordinal)],
            [.. manifest.ExampleQuestions.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).Take(3)],
            string.IsNullOrWhiteSpace(manifest.SourceName) ? null : manifest.SourceName.Trim());
    }

    private sealed record Snapshot(string? Summary, IReadOnlyList<string> Titles, IReadOnlyList<string> ExampleQuestions, string? SourceName);
}
