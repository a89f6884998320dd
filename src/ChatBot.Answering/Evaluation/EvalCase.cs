using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Answering.Evaluation;

/// <summary>One evaluation question, in the JSON-lines format of the shared question sets.</summary>
public sealed record EvalCase
{
    public required string Id { get; init; }

    public required string Question { get; init; }

    public string Kind { get; init; } = "factoid";

    [JsonPropertyName("expect_any")]
    public IReadOnlyList<string> ExpectAny { get; init; } = [];

    [JsonPropertyName("expect_min")]
    public int ExpectMin { get; init; } = 1;

    public IReadOnlyList<string> Gold { get; init; } = [];

    public IReadOnlyList<string> History { get; init; } = [];

    public bool Abstain { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a JSON-lines file; a malformed line is reported with its number.</summary>
    public static async Task<IReadOnlyList<EvalCase>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var cases = new List<EvalCase>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                cases.Add(JsonSerializer.Deserialize<EvalCase>(line, JsonOptions) ?? throw new JsonException("null"));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{number}: not a valid evaluation case: {ex.Message}", ex);
            }
        }

        return cases;
    }
}

/// <summary>The verdict on one case.</summary>
/// <param name="Candidates">Each part's analysis and best candidates with their features, as lines of text.</param>
public sealed record EvalResult(EvalCase Case, Answer Answer, bool Passed, string Reason, IReadOnlyList<string> Candidates);
