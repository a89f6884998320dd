using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Where the documents the bot answers from live.</summary>
public sealed class CorpusOptions
{
    public const string Section = "Corpus";

    /// <summary>Folder holding the documents and <c>manifest.json</c>; relative paths resolve against the content root.</summary>
    [Required]
    public string Path { get; set; } = "corpus";
}
