using System.IO.Compression;
using System.Text.Json.Nodes;
using ChatBot.Server.Teams;
using ChatBot.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ChatBot.Server.Tests;

/// <summary><c>teams-package</c> run as a user runs it, and its zip checked against what Teams requires of an app
/// package: the manifest's required fields, lengths and ids, and the two icons' sizes and transparency.</summary>
public sealed class TeamsPackageTests
{
    private static readonly Guid AppId = Guid.Parse("6f0c2a54-8d1e-4b7a-9a55-0d3c1e2f4b6a");

    [Fact]
    public async Task TeamsPackage_WritesAManifestAndIconsTeamsAccepts()
    {
        using var folder = new TempFolder();
        var zipPath = folder.File("app.zip");

        var (exit, output) = await CliProcess.RunAsync(["teams-package", "--app-id", AppId.ToString(), "--host", "chatbot.example.com", "--out", zipPath]);

        Assert.True(exit == 0, output);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        JsonNode manifest;
        await using (var stream = zip.GetEntry("manifest.json")!.Open())
        {
            manifest = (await JsonNode.ParseAsync(stream))!;
        }

        Assert.Equal(TeamsAppPackage.SchemaVersion, (string?)manifest["manifestVersion"]);
        Assert.EndsWith($"/v{TeamsAppPackage.SchemaVersion}/MicrosoftTeams.schema.json", (string?)manifest["$schema"], StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)manifest["version"]);
        Assert.Equal(AppId, Guid.Parse((string)manifest["id"]!));
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            Assert.StartsWith("https://", (string?)manifest["developer"]![url], StringComparison.Ordinal);
        }

        Assert.InRange(((string)manifest["name"]!["short"]!).Length, 1, TeamsAppPackage.MaxShortName);
        Assert.InRange(((string)manifest["description"]!["short"]!).Length, 1, TeamsAppPackage.MaxShortDescription);
        Assert.InRange(((string)manifest["description"]!["full"]!).Length, 1, TeamsAppPackage.MaxFullDescription);
        Assert.Matches("^#[0-9A-Fa-f]{6}$", (string?)manifest["accentColor"]);
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;
        Assert.Equal(AppId, Guid.Parse((string)bot["botId"]!));
        Assert.Equal(["groupChat", "personal", "team"], bot["scopes"]!.AsArray().Select(s => (string)s!).Order());
        var commands = bot["commandLists"]![0]!["commands"]!.AsArray();
        Assert.InRange(commands.Count, 1, TeamsAppPackage.MaxCommands);
        Assert.All(commands, c => Assert.InRange(((string)c!["title"]!).Length, 1, TeamsAppPackage.MaxCommandTitle));
        Assert.All(commands, c => Assert.InRange(((string)c!["description"]!).Length, 1, TeamsAppPackage.MaxCommandDescription));
        Assert.Contains("When was the ceasefire signed?", commands.Select(c => (string?)c!["title"]));
        Assert.Equal(["chatbot.example.com"], manifest["validDomains"]!.AsArray().Select(d => (string)d!));

        using var color = await LoadAsync(zip, "color.png");
        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal(255, color[0, 0].A);
        using var outline = await LoadAsync(zip, "outline.png");
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        var pixels = Enumerable.Range(0, 32).SelectMany(y => Enumerable.Range(0, 32).Select(x => outline[x, y])).ToList();
        Assert.All(pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"{p} is neither transparent nor white"));
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Theory]
    [InlineData("not-a-guid", "chatbot.example.com", "--app-id")]
    [InlineData("6f0c2a54-8d1e-4b7a-9a55-0d3c1e2f4b6a", "https://chatbot.example.com/api", "--host")]
    public async Task TeamsPackage_BadArguments_SaysWhichAndWritesNothing(string appId, string host, string named)
    {
        using var folder = new TempFolder();
        var zipPath = folder.File("app.zip");

        var (exit, output) = await CliProcess.RunAsync(["teams-package", "--app-id", appId, "--host", host, "--out", zipPath]);

        Assert.Equal(2, exit);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    private static async Task<Image<Rgba32>> LoadAsync(ZipArchive zip, string name)
    {
        await using var stream = zip.GetEntry(name)!.Open();
        return await Image.LoadAsync<Rgba32>(stream);
    }
}
