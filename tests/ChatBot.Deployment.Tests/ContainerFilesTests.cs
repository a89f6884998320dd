using ChatBot.Tests.Shared;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

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

    [Fact]
    public void Compose_TwoInstancesBehindOnePortShareRedisAndOneSigningKey()
    {
        using var reader = File.OpenText(Path.Combine(Infra, "docker-compose.yml"));
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        var services = Map(compose["services"]);
        var bot = Map(services["bot"]);
        var redis = Map(services["redis"]);
        var proxy = Map(services["proxy"]);
        var environment = Map(bot["environment"]);

        Assert.True(int.Parse((string)Map(bot["deploy"])["replicas"], System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.False(bot.ContainsKey("ports"), "the instances are reached through the proxy only");
        Assert.False(redis.ContainsKey("ports"), "Redis is reached by the bots only");
        Assert.Equal(["3978:3978"], ((List<object>)proxy["ports"]).Cast<string>());
        Assert.Equal("redis:6379", environment["ConnectionStrings__Redis"]);
        Assert.StartsWith("${DIRECTLINE_SIGNING_KEY:?", (string)environment["DirectLine__SigningKey"], StringComparison.Ordinal);
        var command = ((List<object>)redis["command"]).Cast<string>().ToList();
        Assert.Equal("volatile-lru", command[command.IndexOf("--maxmemory-policy") + 1]);
        Assert.Contains("--maxmemory", command);
        Assert.Equal("service_completed_successfully", Map(Map(bot["depends_on"])["ingest"])["condition"]);
        Assert.Equal(["ingest"], ((List<object>)Map(services["ingest"])["command"]).Cast<string>());

        var nginx = File.ReadAllText(Path.Combine(Infra, "nginx.conf"));
        Assert.Contains("set $bot http://bot:3978;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Host $http_host;", nginx, StringComparison.Ordinal);
        Assert.Contains("./nginx.conf:/etc/nginx/nginx.conf:ro", ((List<object>)proxy["volumes"]).Cast<string>());
    }

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);
}
