using System.Text.Json.Nodes;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>Removes the bot's own @mention from a Teams message, using the mention entities rather than guessing from
/// the text, as the SDK's RemoveMentionText does.</summary>
public static class Mentions
{
    public static string StripBotMention(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if ((string?)entity["type"] != "mention" || entity["mentioned"] is not JsonObject mentioned || (string?)mentioned["id"] != botId || botId is null)
            {
                continue;
            }

            var mentionText = (string?)entity["text"] ?? $"<at>{(string?)mentioned["name"]}</at>";
            text = text.Replace(mentionText, string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        return text.Trim();
    }
}
