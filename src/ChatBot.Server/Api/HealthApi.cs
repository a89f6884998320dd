using ChatBot.Answering;
using ChatBot.Answering.Generative;
using ChatBot.Knowledge.Index;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Server.Api;

/// <summary>
/// Liveness and readiness as ASP.NET Core health checks: <c>/healthz</c> runs none (the process answers), <c>/readyz</c>
/// runs those tagged <see cref="Ready"/> (the model and the index, which for Qdrant is the server's collection; Redis
/// when the state is shared) and answers 503 with the reason when one is unhealthy. Anyone can read the body: it names the store's kind and each check's state, never
/// a path, an endpoint or an exception (the log has the reason).
/// </summary>
internal static class HealthApi
{
    public const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCheck<KnowledgeHealthCheck>("knowledge", tags: [Ready]);
        if (configuration.GetSection(LlmOptions.Section).Get<LlmOptions>() is { Enabled: true })
        {
            checks.AddCheck<LlmHealthCheck>("llm", tags: [Ready]);
        }

        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync(new { status = "alive" }),
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReadinessAsync,
        });
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var readiness = context.RequestServices.GetRequiredService<KnowledgeReadiness>();
        var store = context.RequestServices.GetRequiredService<IPassageStore>();
        return context.Response.WriteAsJsonAsync(new
        {
            status = readiness.State,
            modelLoaded = readiness.ModelLoaded,
            indexReady = readiness.IndexReady,
            passages = readiness.Passages,
            store = store.Kind,
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            reason = report.Entries.Values.All(e => e.Status == HealthStatus.Healthy) ? null
                : string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {Reason(e.Key, e.Value)}")),
        });
    }

    /// <summary>What a failing check says, in words safe for anyone to read: the knowledge check's state, or for the
    /// others that they cannot be reached (the exception, which may name hosts, stays in the log).</summary>
    private static string Reason(string check, HealthReportEntry entry) =>
        check is "knowledge" or "llm" ? entry.Description ?? "not ready" : entry.Exception is TimeoutException or OperationCanceledException ? "not answering in time" : "unreachable";

    /// <summary>Ready when the embedding model is loaded and the index is current; the warm-up keeps both up to date,
    /// including a store that went away and came back.</summary>
    private sealed class KnowledgeHealthCheck(KnowledgeReadiness readiness) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(readiness.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(readiness.State));
    }

    /// <summary>Degraded, never unhealthy, while the model fails: the bot still answers (quoting), so it stays in the
    /// load balancer; the body says why its answers are quoted.</summary>
    private sealed class LlmHealthCheck(LlmCallHealth health) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(health.Problem is { } problem ? HealthCheckResult.Degraded(problem) : HealthCheckResult.Healthy());
    }
}
