using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;

namespace ChatBot.Deployment.Tests;

/// <summary>
/// <c>infra/azure</c> compiled by the real Bicep CLI (NuGet's Azure.Bicep.CommandLine.linux-x64): no errors, no
/// warnings (type checks against Azure's resource schemas and the linter's rules), and the compiled template wires
/// what the deployment promises. Nothing is deployed: that needs Azure.
/// </summary>
public sealed class AzureTemplateTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "infra", "azure");

    [Theory]
    [InlineData("build", "main.bicep", "--stdout")]
    [InlineData("build-params", "main.bicepparam", "--stdout")]
    [InlineData("lint", "main.bicep", "--diagnostics-format", "default")]
    public async Task Bicep_CompilesWithoutErrorsOrWarnings(string command, string file, params string[] options)
    {
        var (exitCode, _, errors) = await BicepAsync([command, Path.Combine(Folder, file), .. options]);

        Assert.True(exitCode == 0, errors);
        Assert.True(errors.Trim().Length == 0, errors);
    }

    [Fact]
    public async Task Template_WiresTheBotToTheAppWithItsIdentityTeamsAndDirectLine()
    {
        var (exitCode, output, errors) = await BicepAsync("build", Path.Combine(Folder, "main.bicep"), "--stdout");
        Assert.True(exitCode == 0, errors);
        var template = JsonNode.Parse(output)!;

        var bot = Resource(template, "Microsoft.BotService/botServices");
        Assert.Equal("UserAssignedMSI", (string?)bot["properties"]!["msaAppType"]);
        var botModule = Resources(template, "Microsoft.Resources/deployments").Single(d => (string?)d["name"] == "bot");
        Assert.Contains("/api/messages", botModule["properties"]!["parameters"]!["messagingEndpoint"]!["value"]!.ToString(), StringComparison.Ordinal);
        var channels = Resources(template, "Microsoft.BotService/botServices/channels").Select(c => (string?)c["properties"]!["channelName"]).ToList();
        Assert.Equal(["DirectLineChannel", "MsTeamsChannel"], channels.Order());

        var app = Resources(template, "Microsoft.App/containerApps").Single(a => a["identity"] is not null);
        var appsModule = Resources(template, "Microsoft.Resources/deployments").Single(d => (string?)d["name"] == "containerapps");
        var settings = appsModule["properties"]!["template"]!["variables"]!["settings"]!.ToJsonString();
        Assert.Contains("ConnectionStrings__Redis", settings, StringComparison.Ordinal);
        Assert.Contains("redis-connection", settings, StringComparison.Ordinal);
        Assert.Contains("DirectLine__SigningKey", settings, StringComparison.Ordinal);
        Assert.Contains("directline-signing-key", settings, StringComparison.Ordinal);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Equal("[parameters('minReplicas')]", (string?)app["properties"]!["template"]!["scale"]!["minReplicas"]);
        Assert.Equal(2, (int)template["parameters"]!["minReplicas"]!["defaultValue"]!);
        Assert.Single(Resources(template, "Microsoft.Cache/redis"));
        Assert.Single(Resources(template, "Microsoft.KeyVault/vaults"));
        Assert.Single(Resources(template, "Microsoft.Insights/components"));
        Assert.Single(Resources(template, "Microsoft.OperationalInsights/workspaces"));
    }

    /// <summary>Every resource of <paramref name="type"/> in the template and its nested module deployments.</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template, string type)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!),
            JsonObject map => map.Select(p => p.Value!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if ((string?)resource["type"] == type)
            {
                yield return resource;
            }

            if (resource["properties"]?["template"] is JsonObject nested && (string?)resource["type"] == "Microsoft.Resources/deployments")
            {
                foreach (var inner in Resources(nested, type))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonNode Resource(JsonNode template, string type) => Assert.Single(Resources(template, type));

    private static async Task<(int ExitCode, string Output, string Errors)> BicepAsync(params string[] arguments)
    {
        var bicep = typeof(AzureTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit of a package's files.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI checks for a newer version and reads the environment's Azure settings; neither is wanted here.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DIRECTLINE_SIGNING_KEY"] = Convert.ToBase64String(new byte[32]);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
