using ChatBot.Tests.Shared;

namespace ChatBot.Deployment.Tests;

/// <summary>What the image and the compose file promise, read from the files (no container engine runs here).</summary>
public sealed class ContainerFilesTests
{
    private static readonly string Infra = Path.Combine(RepositoryPaths.Root, "infra");

    [Fact]
    public void Dockerfile_RunsTheBotAsAnUnprivilegedUserWithAHealthCheck()
    {
        var lines = File.ReadAllLines(Path.Combine(Infra, "Dockerfile")).Select(l => l.Trim()).ToList();

        // The final stage: everything after its FROM.
        var final = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var user = Assert.Single(final, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER\s+(root|0)(:|$)", user);
        Assert.Contains(final, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.True(final.IndexOf(user) < final.FindIndex(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)), "USER comes before ENTRYPOINT");
    }

    [Fact]
    public void Compose_PublishesQdrantOnLoopbackOnly()
    {
        var lines = File.ReadAllLines(Path.Combine(Infra, "docker-compose.yml"));
        var qdrant = lines.SkipWhile(l => l.TrimEnd() != "  qdrant:").Skip(1).TakeWhile(l => !(l.Length > 2 && l[2] != ' ' && l.StartsWith("  ", StringComparison.Ordinal)));
        var published = qdrant.Select(l => l.Trim())
            .Where(l => l.StartsWith("- \"", StringComparison.Ordinal) && (l.Contains(":6333", StringComparison.Ordinal) || l.Contains(":6334", StringComparison.Ordinal))).ToList();

        Assert.NotEmpty(published);
        Assert.All(published, p => Assert.StartsWith("- \"127.0.0.1:", p, StringComparison.Ordinal));
    }
}
