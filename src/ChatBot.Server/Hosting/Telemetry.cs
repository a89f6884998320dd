using ChatBot.Answering;
using ChatBot.BotFramework.Hosting;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Retrieval;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatBot.Server.Hosting;

/// <summary>
/// OpenTelemetry: traces across channel → answer → retrieval → connector send (one ActivitySource per step, plus
/// ASP.NET Core's and HttpClient's), and the steps' metrics. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the exporter reads the standard OTEL_* variables); otherwise collected for nothing but in-process readers.
/// </summary>
internal static class Telemetry
{
    public static readonly string[] Sources = [BotTelemetry.Name, AnsweringTelemetry.Name, RetrievalTelemetry.Name];

    public static IServiceCollection AddChatBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(BotTelemetry.Name, AnsweringTelemetry.Name, IngestionTelemetry.Name).AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
