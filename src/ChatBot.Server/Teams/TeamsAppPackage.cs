using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Knowledge.Corpus;

namespace ChatBot.Server.Teams;

/// <summary>
/// The zip Teams installs a bot from: <c>manifest.json</c> (schema 1.19; personal, team and group chat scopes; the
/// corpus manifest's example questions as the command list; the bot's host in <c>validDomains</c>), a 192×192 colour
/// icon and a 32×32 white outline on transparency (<see cref="TeamsIcons"/>). Limits are Teams' own (name 30
/// characters, short description 80, command title 32, at most 10 commands).
/// </summary>
public static class TeamsAppPackage
{
    public const string SchemaVersion = "1.19";
    public const int MaxShortName = 30;
    public const int MaxShortDescription = 80;
    public const int MaxFullDescription = 4000;
    public const int MaxCommandTitle = 32;
    public const int MaxCommandDescription = 128;
    public const int MaxCommands = 10;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The manifest for bot <paramref name="appId"/> served at <paramref name="host"/>.</summary>
    public static JsonObject Manifest(Guid appId, string host, string name, CorpusManifest corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var summary = corpus.Summary is { Length: > 0 } about ? $"Answers questions about {about}, citing its sources." : "Answers questions about its documents, citing its sources.";
        var commands = new JsonArray([.. corpus.ExampleQuestions.Take(MaxCommands).Select(q => (JsonNode)new JsonObject
        {
            ["title"] = Shorten(q, MaxCommandTitle),
            ["description"] = Shorten(q, MaxCommandDescription),
        })]);
        var site = $"https://{host}/";
        return new JsonObject
        {
            ["$schema"] = $"https://developer.microsoft.com/en-us/json-schemas/teams/v{SchemaVersion}/MicrosoftTeams.schema.json",
            ["manifestVersion"] = SchemaVersion,
            ["version"] = "1.0.0",
            ["id"] = appId.ToString(),
            ["developer"] = new JsonObject { ["name"] = Shorten(name, 32), ["websiteUrl"] = site, ["privacyUrl"] = site, ["termsOfUseUrl"] = site },
            ["name"] = new JsonObject { ["short"] = Shorten(name, MaxShortName), ["full"] = Shorten(name, 100) },
            ["description"] = new JsonObject { ["short"] = Shorten(summary, MaxShortDescription), ["full"] = Shorten(summary, MaxFullDescription) },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = TeamsIcons.AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = appId.ToString(),
                ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
                ["commandLists"] = commands.Count == 0 ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                    ["commands"] = commands,
                }),
            }),
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(host),
        };
    }

    /// <summary>Writes the package to <paramref name="path"/>, replacing what was there.</summary>
    public static async Task WriteAsync(string path, JsonObject manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await using var file = File.Create(path);
        await using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        await AddAsync(zip, "manifest.json", async s => await s.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, Indented), cancellationToken).ConfigureAwait(false));
        await AddAsync(zip, "color.png", s => TeamsIcons.WriteColorAsync(s, cancellationToken));
        await AddAsync(zip, "outline.png", s => TeamsIcons.WriteOutlineAsync(s, cancellationToken));
    }

    /// <summary>A host name alone ("bot.example.com"): no scheme, path or port, as <c>validDomains</c> takes it.</summary>
    public static bool IsHostName(string host) =>
        Uri.CheckHostName(host) is UriHostNameType.Dns && !host.Contains(':', StringComparison.Ordinal) && host.Contains('.', StringComparison.Ordinal);

    private static async Task AddAsync(ZipArchive zip, string name, Func<Stream, Task> write)
    {
        await using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await write(entry).ConfigureAwait(false);
    }

    /// <summary>At most <paramref name="max"/> characters, cut at a word with an ellipsis.</summary>
    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(' ', ',', ':', ';') + "…";
    }
}
