using System.Text.RegularExpressions;

namespace ChatBot.Knowledge.Text;

/// <summary>White-space clean-up shared by every reader of text.</summary>
public static partial class WhiteSpace
{
    /// <summary>Runs of white space (line breaks, tabs, non-breaking spaces) as one space, trimmed at both ends.</summary>
    public static string Collapse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Runs().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Runs();
}
