using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Passages;

/// <summary>How paragraphs are cut into passages.</summary>
public sealed class PassageOptions
{
    public const string Section = "Passages";

    /// <summary>A paragraph up to this length is one passage.</summary>
    [Range(200, 20_000)]
    public int MaxChars { get; set; } = 1200;

    /// <summary>A longer paragraph is cut, between sentences, into passages of about this length.</summary>
    [Range(100, 10_000)]
    public int TargetChars { get; set; } = 700;
}
