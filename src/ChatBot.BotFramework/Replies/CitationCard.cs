using System.Text;
using System.Text.Json.Nodes;

namespace ChatBot.BotFramework.Replies;

/// <summary>
/// The passage behind a citation in the form each channel shows in its citation pop-up: for Teams a stringified
/// Adaptive Card (the only <c>text</c> it accepts there), for Web Chat, Direct Line and the Emulator Markdown.
/// </summary>
public static class CitationCard
{
    public const string AdaptiveCardFormat = "application/vnd.microsoft.card.adaptive";

    public const string MarkdownFormat = "text/markdown";

    /// <summary>An Adaptive Card (1.5, the version Teams renders) with the title in bold over the wrapped passage text.</summary>
    public static string Serialize(string title, string text)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }),
        };
        return card.ToJsonString();
    }

    /// <summary>The passage as Markdown that reads as the passage: characters Markdown would take as formatting
    /// (emphasis, links, headings, lists) are escaped, so the pop-up shows the document's own words.</summary>
    public static string Markdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|' or '~')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
