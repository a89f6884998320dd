using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Answering;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Replies;

/// <summary>
/// Turns an answer into a reply for the channel that asked. One citation builder serves all channels: the answer keeps
/// its <c>[n]</c> markers and carries exactly one schema.org Message entity whose Claims have the same positions.
/// Web Chat, Direct Line and the Emulator also get Markdown reference-link definitions (Web Chat builds its citation
/// list from those); Teams gets the feedback buttons.
/// The Claims' <c>appearance.text</c> differs per channel, because each channel rejects or garbles the other's form:
/// Teams takes only a stringified Adaptive Card (plain text there is a 400 BadSyntax), Web Chat renders Markdown.
/// </summary>
public static class ReplyFormatter
{
    /// <summary>Teams shows at most this many citations and rejects more.</summary>
    public const int MaxCitations = 20;

    public const int MaxNameLength = 80;

    public const int MaxAbstractLength = 160;

    /// <summary>Marks a model-written answer: Teams shows its "AI generated" label from <c>additionalType</c>, Web Chat
    /// from <c>keywords</c>.</summary>
    public const string AiGeneratedLabel = "AIGeneratedContent";

    public static void Apply(Answer answer, Activity reply, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(reply);
        var citations = answer.Citations.Take(MaxCitations).ToList();
        var teams = string.Equals(channelId, "msteams", StringComparison.OrdinalIgnoreCase);
        var text = new StringBuilder(answer.Text);
        if (!teams && citations.Count > 0)
        {
            text.Append("\n\n");
            foreach (var citation in citations)
            {
                var target = citation.SourceUrl ?? $"cite:{citation.Index}";
                text.Append(CultureInfo.InvariantCulture, $"[{citation.Index}]: {target} \"{Quote(Truncate(citation.Title, MaxNameLength))}\"\n");
            }
        }

        reply.Text = text.ToString().TrimEnd('\n');
        reply.TextFormat = "markdown";
        if (citations.Count > 0 || answer.AiGenerated)
        {
            reply.Entities = [MessageEntity(answer, citations, teams)];
        }

        var channelData = new JsonObject { ["confidence"] = answer.Confidence };
        if (teams && answer.Grounded)
        {
            channelData["feedbackLoopEnabled"] = true;
            channelData["feedbackLoop"] = new JsonObject { ["type"] = "default" };
        }

        reply.ChannelData = channelData;
    }

    private static JsonObject MessageEntity(Answer answer, List<Citation> citations, bool teams)
    {
        var entity = new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = string.Empty,
        };
        if (answer.AiGenerated)
        {
            // The same label, where each channel reads it.
            entity[teams ? "additionalType" : "keywords"] = new JsonArray(AiGeneratedLabel);
        }

        if (citations.Count > 0)
        {
            entity["citation"] = new JsonArray([.. citations.Select(c => Claim(c, teams))]);
        }

        return entity;
    }

    private static JsonObject Claim(Citation citation, bool teams)
    {
        var appearance = new JsonObject
        {
            ["@type"] = "DigitalDocument",
            ["name"] = Truncate(citation.Title, MaxNameLength),
            ["abstract"] = Truncate(citation.Text, MaxAbstractLength),
            ["text"] = teams ? CitationCard.Serialize(citation.Title, citation.Text) : CitationCard.Markdown(citation.Text),
            ["encodingFormat"] = teams ? CitationCard.AdaptiveCardFormat : CitationCard.MarkdownFormat,
        };
        if (citation.SourceUrl is not null)
        {
            appearance["url"] = citation.SourceUrl;
        }

        return new JsonObject
        {
            ["@type"] = "Claim",
            ["@id"] = $"#citation-{citation.Index}",
            ["position"] = citation.Index,
            ["appearance"] = appearance,
        };
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string Quote(string text) => text.Replace("\"", "'", StringComparison.Ordinal);
}
