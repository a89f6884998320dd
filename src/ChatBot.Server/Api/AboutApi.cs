using ChatBot.Answering.Questions;

namespace ChatBot.Server.Api;

/// <summary><c>GET /api/about</c>: what the bot knows, for the web page's header and suggested questions.</summary>
internal static class AboutApi
{
    public static void MapAboutApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/about", (CorpusProfile profile) => Results.Ok(new
        {
            name = "ChatBot",
            description = $"Ask about {profile.Summary}. Answers quote {profile.SourceName} and cite the passages they rest on.",
            exampleQuestions = profile.ExampleQuestions,
        }));
}
