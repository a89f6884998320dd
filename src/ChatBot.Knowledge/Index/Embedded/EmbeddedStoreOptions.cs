using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>Settings of the in-process store.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "VectorStore:Embedded";

    /// <summary>The snapshot file; relative paths resolve against the content root.</summary>
    [Required]
    public string SnapshotPath { get; set; } = "data/index.snapshot";
}
