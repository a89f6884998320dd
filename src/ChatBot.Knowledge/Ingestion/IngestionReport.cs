namespace ChatBot.Knowledge.Ingestion;

/// <summary>What one ingestion did.</summary>
/// <param name="Rebuilt">True when the whole index was replaced (first build, new embedding model, or asked for).</param>
public sealed record IngestionReport(
    int Documents,
    int Added,
    int Changed,
    int Removed,
    int Unchanged,
    int Passages,
    int Sentences,
    bool Rebuilt,
    TimeSpan Elapsed)
{
    /// <summary>True when the index already matched the corpus and nothing was written.</summary>
    public bool NoChange => !Rebuilt && Added == 0 && Changed == 0 && Removed == 0;
}

/// <summary>Progress of a long ingestion step: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
public sealed record IngestionProgress(string Stage, int Done, int Total);
