using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatBot.BotFramework.Feedback;

/// <summary>Writes ratings for review: one JSON object per line, or CSV (RFC 4180) with the citations in one column.</summary>
public static class FeedbackExport
{
    public static readonly string[] Formats = ["jsonl", "csv"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Columns = ["time", "channel", "conversation", "replyToId", "reaction", "comment", "question", "answer", "grounded", "citations"];

    /// <returns>How many ratings were written.</returns>
    public static async Task<int> WriteAsync(IAsyncEnumerable<FeedbackEntry> entries, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        var csv = format == "csv";
        if (csv)
        {
            await output.WriteLineAsync(string.Join(',', Columns)).ConfigureAwait(false);
        }

        var count = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync(csv ? CsvRow(entry) : JsonLine(entry)).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    private static string JsonLine(FeedbackEntry entry) => JsonSerializer.Serialize(new
    {
        time = entry.At,
        channel = entry.Channel,
        conversation = entry.ConversationId,
        replyToId = entry.ReplyToId,
        reaction = entry.Reaction,
        comment = entry.Text,
        question = entry.Answered?.Question,
        answer = entry.Answered?.Answer,
        grounded = entry.Answered?.Grounded,
        citations = entry.Answered?.Citations ?? [],
    }, Json);

    private static string CsvRow(FeedbackEntry entry)
    {
        var citations = string.Join("; ", (entry.Answered?.Citations ?? []).Select(c => $"[{c.Index}] {c.Title}{(c.SourceUrl is null ? string.Empty : $" <{c.SourceUrl}>")}"));
        string?[] values =
        [
            entry.At.ToString("O", CultureInfo.InvariantCulture), entry.Channel, entry.ConversationId, entry.ReplyToId, entry.Reaction, entry.Text,
            entry.Answered?.Question, entry.Answered?.Answer, entry.Answered is { } a ? (a.Grounded ? "true" : "false") : null, citations,
        ];
        return string.Join(',', values.Select(Quote));
    }

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A leading = + - @ would make a spreadsheet run the cell as a formula; a quote mark in front keeps it text.
        var text = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 && text == value ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
