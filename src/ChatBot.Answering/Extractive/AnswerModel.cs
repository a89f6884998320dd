using System.Reflection;
using System.Text.Json;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// The answer scorer: a logistic regression over <see cref="CandidateFeatures"/> giving the probability that a sentence
/// answers the question, and a calibration that turns the best sentence's score, with the share of the question the
/// documents never speak of and whether they never name what it asks to identify, into the answer's confidence (Platt scaling with one more input: a question about what
/// the documents lack is unanswerable however well some sentence matches the rest of it). Both are fitted on labelled questions by <c>eval --fit</c> (<see cref="AnswerModelFit"/>) and shipped as
/// data (<c>answer-model.json</c>), so the fit is repeatable and nothing is tuned by hand.
/// </summary>
public sealed record AnswerModel(double Bias, IReadOnlyList<double> Weights, double CalibrationScale, double CalibrationMissing, double CalibrationFocus, double CalibrationShift)
{
    public const string ResourceName = "ChatBot.Answering.Extractive.answer-model.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The score (log-odds) of a sentence with these features.</summary>
    public double Score(CandidateFeatures features)
    {
        var x = features.ToArray();
        var z = Bias;
        for (var i = 0; i < x.Length; i++)
        {
            z += Weights[i] * x[i];
        }

        return z;
    }

    /// <summary>The probability that the answer built on the best sentence is right.</summary>
    public double Confidence(double score, CandidateFeatures best) => Sigmoid((CalibrationScale * score) + (CalibrationMissing * best.Missing) + (CalibrationFocus * best.FocusMissing) + CalibrationShift);

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    public static AnswerModel Shipped { get; } = Load();

    public string ToJson() => JsonSerializer.Serialize(new Stored(Bias, CandidateFeatures.Names.Zip(Weights).ToDictionary(p => p.First, p => p.Second), CalibrationScale, CalibrationMissing, CalibrationFocus, CalibrationShift), Json);

    public static AnswerModel FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json, Json) ?? throw new InvalidDataException("The answer model is empty.");
        var weights = CandidateFeatures.Names.Select(n => stored.Weights.TryGetValue(n, out var w) ? w
            : throw new InvalidDataException($"The answer model has no weight for '{n}'.")).ToList();
        return new AnswerModel(stored.Bias, weights, stored.CalibrationScale, stored.CalibrationMissing, stored.CalibrationFocus, stored.CalibrationShift);
    }

    private static AnswerModel Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    private sealed record Stored(double Bias, Dictionary<string, double> Weights, double CalibrationScale, double CalibrationMissing, double CalibrationFocus, double CalibrationShift);
}
