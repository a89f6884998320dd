namespace ChatBot.Knowledge.Corpus;

/// <summary>The headings a reader is under while it walks a document: a heading of some level replaces the one of that
/// level and closes every deeper one.</summary>
internal sealed class HeadingPath
{
    public const string Separator = " > ";

    private readonly SortedDictionary<int, string> _levels = [];

    public string Current => string.Join(Separator, _levels.Values);

    /// <summary>The level just below the deepest open heading: where a bold line or a question in a FAQ stands.</summary>
    public int Deeper => _levels.Count == 0 ? 1 : _levels.Keys.Max() + 1;

    public void Enter(int level, string text)
    {
        foreach (var deeper in _levels.Keys.Where(l => l >= level).ToList())
        {
            _levels.Remove(deeper);
        }

        if (text.Length > 0)
        {
            _levels[level] = text;
        }
    }

    public static string Join(string outer, string inner) =>
        outer.Length == 0 ? inner : inner.Length == 0 ? outer : outer + Separator + inner;
}
