using System.Diagnostics.Metrics;

namespace ChatBot.Knowledge.Ingestion;

/// <summary>Ingestion's metrics, for OpenTelemetry: documents by what happened to them, and passages written.</summary>
public static class IngestionTelemetry
{
    public const string Name = "ChatBot.Ingestion";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Documents = Meter.CreateCounter<long>("chatbot.ingestion.documents", description: "Documents ingested, by change (added, changed, removed)");

    public static readonly Counter<long> Passages = Meter.CreateCounter<long>("chatbot.ingestion.passages", description: "Passages written to the index");

    public static void Record(IngestionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Documents.Add(report.Added, new KeyValuePair<string, object?>("change", "added"));
        Documents.Add(report.Changed, new KeyValuePair<string, object?>("change", "changed"));
        Documents.Add(report.Removed, new KeyValuePair<string, object?>("change", "removed"));
        Passages.Add(report.Passages);
    }
}
