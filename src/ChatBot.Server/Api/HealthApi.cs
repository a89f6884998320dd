using ChatBot.Answering;
using ChatBot.Knowledge.Index;

namespace ChatBot.Server.Api;

/// <summary>Liveness and readiness probes.</summary>
internal static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", (KnowledgeReadiness readiness, IPassageStore store) =>
        {
            // Anyone can read this: it names the store's kind, never its path or endpoint (the log has the reason).
            var body = new { status = readiness.State, modelLoaded = readiness.ModelLoaded, indexReady = readiness.IndexReady, passages = readiness.Passages, store = store.Kind };
            return readiness.IsReady ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}
