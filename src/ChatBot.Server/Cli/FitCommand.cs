using System.Text.Json;
using ChatBot.Answering.Evaluation;
using ChatBot.Answering.Extractive;

namespace ChatBot.Server.Cli;

/// <summary><c>fit samples.jsonl… --out model.json</c>: fits the answer model on the labelled candidates that
/// <c>eval --samples</c> wrote, and writes it where the build ships it from.</summary>
internal static class FitCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var outIndex = args.ToList().IndexOf("--out");
        var files = args.Where((a, i) => a != "--out" && i != outIndex + 1 || outIndex < 0).ToList();
        if (outIndex < 0 || outIndex + 1 >= args.Count || files.Count == 0)
        {
            await Console.Error.WriteLineAsync("Usage: fit samples.jsonl... --out model.json");
            return 2;
        }

        var samples = new List<TrainingSample>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"No such file: {file}");
                return 2;
            }

            foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
            {
                if (line.Length > 0)
                {
                    samples.Add(JsonSerializer.Deserialize<TrainingSample>(line, Json)
                        ?? throw new InvalidDataException($"{file}: an empty sample"));
                }
            }
        }

        var model = AnswerModelFit.Fit(samples);
        await File.WriteAllTextAsync(args[outIndex + 1], model.ToJson() + "\n", cancellationToken);
        Console.WriteLine($"Fitted on {samples.Count} candidates of {samples.Select(s => (s.Set, s.Case, s.Part)).Distinct().Count()} questions:");
        Console.WriteLine(model.ToJson());
        var (threshold, right, parts) = AnswerModelFit.DeclineThreshold(samples, model);
        Console.WriteLine($"Answering:MinConfidence {threshold:F2} gives the most right replies on these samples: {right} of {parts} question parts.");
        return 0;
    }
}
