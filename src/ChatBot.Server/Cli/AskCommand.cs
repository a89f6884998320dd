using ChatBot.Answering;

namespace ChatBot.Server.Cli;

/// <summary><c>ask "question"</c>: prints the answer and its numbered citations.</summary>
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
        try
        {
            answer = await services.GetRequiredService<QuestionAnswerer>().AskAsync(question, cancellationToken: cancellationToken);
        }
        catch (InvalidQuestionException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        Console.WriteLine(answer.Text);
        Console.WriteLine(System.FormattableString.Invariant($"(confidence {answer.Confidence:F2})"));
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
