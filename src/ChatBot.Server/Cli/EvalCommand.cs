using ChatBot.Answering;
using ChatBot.Answering.Evaluation;

namespace ChatBot.Server.Cli;

/// <summary><c>eval file.jsonl [--corpus folder] [--samples out.jsonl] [--explain]</c>: runs a question set in process and prints
/// PASS/FAIL per case, results per kind and the calibration table; <c>--samples</c> also writes every question's
/// candidates, labelled, for <c>fit</c>;
/// <c>--explain</c> prints each failed case's best candidates with their features. Exits 1 when any case fails.</summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var samplesIndex = args.ToList().IndexOf("--samples");
        var samplesPath = samplesIndex >= 0 && samplesIndex + 1 < args.Count ? args[samplesIndex + 1] : null;
        args = [.. args.Where((_, i) => samplesIndex < 0 || (i != samplesIndex && i != samplesIndex + 1))];
        var explain = args.Contains("--explain");
        args = [.. args.Where(a => a != "--explain")];
        if (args.Count != 1)
        {
            await Console.Error.WriteLineAsync("Usage: eval questions.jsonl [--corpus folder] [--samples out.jsonl] [--explain]");
            return 2;
        }

        // `dotnet run` starts the program in the project folder, so a path typed relative to the repository root is
        // also looked for there.
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var path = new[] { args[0], Path.Combine(root, args[0]) }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            await Console.Error.WriteLineAsync($"No such file: {args[0]}");
            return 2;
        }

        var cases = await EvalCase.LoadAsync(path, cancellationToken);
        await services.GetRequiredService<KnowledgeInitializer>().InitializeAsync(cancellationToken: cancellationToken);
        var runner = services.GetRequiredService<EvalRunner>();
        var kinds = new SortedDictionary<string, (int Passed, int Total)>(StringComparer.Ordinal);
        var passed = 0;
        var results = new List<EvalResult>(cases.Count);
        var samples = samplesPath is null ? null : new List<TrainingSample>();
        foreach (var evalCase in cases)
        {
            // Sets are told apart by their full path: several are called questions.jsonl, and case ids repeat across them.
            var result = await runner.RunAsync(evalCase, samples, Path.GetFullPath(path), cancellationToken);
            results.Add(result);
            passed += result.Passed ? 1 : 0;
            var (p, t) = kinds.GetValueOrDefault(evalCase.Kind);
            kinds[evalCase.Kind] = (p + (result.Passed ? 1 : 0), t + 1);
            Console.WriteLine(result.Passed
                ? $"PASS {evalCase.Id} ({result.Answer.Confidence:F2}) {evalCase.Question}"
                : $"FAIL {evalCase.Id} ({result.Answer.Confidence:F2}) {evalCase.Question}  -- {result.Reason}\n     answer: {Flatten(result.Answer.Text)}");
            if (explain && !result.Passed)
            {
                Console.WriteLine("     features: " + string.Join(" ", ChatBot.Answering.Extractive.CandidateFeatures.Names) + "\n     " + string.Join("\n     ", result.Candidates));
            }
        }

        if (samples is not null)
        {
            await File.WriteAllLinesAsync(samplesPath!, samples.Select(s => System.Text.Json.JsonSerializer.Serialize(s, SampleJson)), cancellationToken);
        }

        Console.WriteLine("calibration:\n" + CalibrationTable.ToMarkdown(results));
        Console.WriteLine("by kind: " + string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value.Passed}/{k.Value.Total}")));
        Console.WriteLine($"{passed} passed, {cases.Count - passed} failed");
        return passed == cases.Count ? 0 : 1;
    }

    private static readonly System.Text.Json.JsonSerializerOptions SampleJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static string Flatten(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 300 ? flat[..300] + "…" : flat;
    }
}
