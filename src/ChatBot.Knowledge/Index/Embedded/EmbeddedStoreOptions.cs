using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>Settings of the in-process store.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "VectorStore:Embedded";

    /// <summary>The snapshot file; relative paths resolve against the content root.</summary>
    [Required]
    public string SnapshotPath { get; set; } = "data/index.snapshot";

    /// <summary>The default of <see cref="ApproximateAbove"/>: about 20,000 passages. Below it an exact scan of every
    /// vector takes a few milliseconds.</summary>
    public const int DefaultApproximateAbove = 100_000;

    /// <summary>Vectors (a passage's and each of its sentences') above which the dense search is approximate (binary
    /// codes rescored exactly) and the vectors stay on disk instead of in memory.</summary>
    [Range(0, int.MaxValue)]
    public int ApproximateAbove { get; set; } = DefaultApproximateAbove;
}
