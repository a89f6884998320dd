namespace ChatBot.Knowledge.Corpus;

/// <summary>
/// A sentence that ends in a colon announces the list or table after it ("The board has set three priorities:").
/// Ingestion joins its text to that structure's heading; answering finds the structure again by that heading.
/// </summary>
public static class LeadIn
{
    /// <summary>The announcing text of a sentence that ends in a colon, without the colon; null for any other.</summary>
    public static string? Of(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var text = sentence.TrimEnd();
        return text.EndsWith(':') ? text.TrimEnd(':').Trim() : null;
    }

    /// <summary>The heading of a structure introduced by <paramref name="lead"/>.</summary>
    public static string Attach(string heading, string lead) => HeadingPath.Join(heading, lead);

    /// <summary>True for the heading of a structure <paramref name="lead"/> introduced.</summary>
    public static bool Heads(string heading, string lead)
    {
        ArgumentNullException.ThrowIfNull(heading);
        return heading.EndsWith(lead, StringComparison.Ordinal);
    }
}
