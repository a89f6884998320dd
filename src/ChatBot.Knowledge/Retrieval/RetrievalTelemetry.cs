using System.Diagnostics;

namespace ChatBot.Knowledge.Retrieval;

/// <summary>The retrieval step's spans (<c>retrieve</c>: one search of the index), for OpenTelemetry.</summary>
public static class RetrievalTelemetry
{
    public const string Name = "ChatBot.Retrieval";

    public static readonly ActivitySource Source = new(Name);
}
