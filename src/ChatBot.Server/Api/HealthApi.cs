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
            var body = new { status = readiness.Status, modelLoaded = readiness.ModelLoaded, indexReady = readiness.IndexReady, passages = readiness.Passages, store = store.Description };
            return readiness.IsReady ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}
