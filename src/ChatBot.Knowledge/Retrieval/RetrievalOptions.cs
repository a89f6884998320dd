using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Retrieval;

/// <summary>How many passages a question retrieves.</summary>
public sealed class RetrievalOptions
{
    public const string Section = "Retrieval";

    [Range(1, 50)]
    public int Top { get; set; } = 5;
}
