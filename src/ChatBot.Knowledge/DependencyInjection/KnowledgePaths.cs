namespace ChatBot.Knowledge;

/// <summary>The corpus folder and the embedded store's snapshot file, as absolute paths.</summary>
public sealed record KnowledgePaths(string CorpusFolder, string SnapshotPath);
