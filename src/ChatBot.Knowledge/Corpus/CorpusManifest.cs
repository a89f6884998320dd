using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Knowledge.Corpus;

/// <summary>The corpus folder's <c>manifest.json</c>: what the corpus is about and per-document titles and sources.</summary>
public sealed record CorpusManifest
{
    public string? Summary { get; init; }

    public IReadOnlyList<string> ExampleQuestions { get; init; } = [];

    /// <summary>What the bot calls its sources in its messages ("the article", "the handbook"); without it, "the
    /// document" for one document and "the documents" for several.</summary>
    public string? SourceName { get; init; }

    public IReadOnlyList<ManifestDocument> Documents { get; init; } = [];

    /// <summary>Other names readers use for what the documents name ("NYC" for "New York City"): a question using
    /// one is searched as if it used the documents' name. Words of the documents belong here, never in code.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads the manifest of <paramref name="folder"/>; a folder without one gets an empty manifest.</summary>
    public static async Task<CorpusManifest> LoadAsync(string folder, CancellationToken cancellationToken = default)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return new CorpusManifest();
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<CorpusManifest>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? new CorpusManifest();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The corpus manifest '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    public ManifestDocument? Find(string fileName) =>
        Documents.FirstOrDefault(d => string.Equals(d.File, fileName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One document's entry in the manifest.</summary>
public sealed record ManifestDocument
{
    public required string File { get; init; }

    public string? Title { get; init; }

    [JsonPropertyName("sourceUrl")]
    public string? SourceUrl { get; init; }
}
