using ChatBot.Answering;

namespace ChatBot.Server.Cli;

/// <summary><c>ask "question"</c>: prints the answer and its numbered citations. A model's answer is printed as it
/// streams; when verification changed it, the verified answer follows, marked as such.</summary>
internal static class AskCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var question = string.Join(' ', args);
        if (string.IsNullOrWhiteSpace(question))
        {
            await Console.Error.WriteLineAsync("Usage: ask \"question\"");
            return 2;
        }

        await services.GetRequiredService<KnowledgeInitializer>().InitializeAsync(cancellationToken: cancellationToken);
        Answer answer;
        var streamed = new System.Text.StringBuilder();
        try
        {
            answer = await services.GetRequiredService<QuestionAnswerer>().AskAsync(question, null, async (text, ct) =>
            {
                streamed.Append(text);
                await Console.Out.WriteAsync(text.AsMemory(), ct);
            }, cancellationToken);
        }
        catch (InvalidQuestionException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        if (streamed.Length == 0)
        {
            Console.WriteLine(answer.Text);
        }
        else
        {
            Console.WriteLine();
            if (streamed.ToString().Trim() != answer.Text)
            {
                Console.WriteLine();
                Console.WriteLine(answer.AiGenerated ? "Verified answer:" : "Not supported by the documents as written; their own words:");
                Console.WriteLine(answer.Text);
            }
        }

        Console.WriteLine(System.FormattableString.Invariant($"(confidence {answer.Confidence:F2}{(answer.AiGenerated ? ", written by a language model" : "")})"));
        if (answer.Citations.Count > 0)
        {
            Console.WriteLine();
            foreach (var citation in answer.Citations)
            {
                Console.WriteLine($"[{citation.Index}] {citation.Title} (paragraph {citation.ParagraphIndex + 1}, score {citation.Score:F2})");
                Console.WriteLine($"    {citation.Text}");
            }
        }

        return 0;
    }
}
