using System.Text.RegularExpressions;

namespace ChatBot.Answering.Questions;

/// <summary>Splits a compound question ("How tall is it, and how tall should it be?") into the questions it asks, so each
/// is answered and cited on its own.</summary>
public static partial class QuestionParts
{
    /// <summary>Most parts a message is answered in; the rest stays with the last part.</summary>
    public const int MaxParts = 3;

    /// <summary>A part shorter than this many words is not a question of its own ("and why?" stays with its question).</summary>
    private const int MinPartWords = 3;

    public static IReadOnlyList<string> Split(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var parts = new List<string>();
        var rest = question;
        while (parts.Count < MaxParts - 1 && Boundary().Match(rest) is { Success: true } boundary)
        {
            var head = rest[..(boundary.Index + (boundary.Groups["sep"].Value.StartsWith('?') ? 1 : 0))].Trim();
            var tail = rest[(boundary.Index + boundary.Groups["sep"].Length)..].Trim();
            // "…and how much each?" asks the same question of each thing the first part names: one list answer.
            if (WordCount(head) < MinPartWords || WordCount(tail) < MinPartWords || Distributive().IsMatch(tail))
            {
                break;
            }

            parts.Add(head);
            rest = tail;
        }

        parts.Add(rest.Trim());
        return parts;
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"^\W*(how (much|many|long)|what|which|who)\s+(each|apiece|respectively|of them)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Distributive();

    // A second question starts after "?", or after ", and" / " and" / ";" when a question word or auxiliary opens it.
    [GeneratedRegex(@"(?<sep>\?\s+|,?\s+and\s+(?=(how|what|what's|whats|when|where|who|whom|which|why|will|would|can|could|do|does|did|is|are|was|were|should)\b)|;\s+(?=(how|what|when|where|who|which|why|will|can|do|does|is|are)\b))(?=\S)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
