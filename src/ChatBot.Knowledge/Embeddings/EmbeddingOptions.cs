using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Embeddings;

/// <summary>How text is turned into vectors.</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>Texts encoded in one call to the model. Texts are sorted by length first, so a batch pads little.</summary>
    [Range(1, 512)]
    public int BatchSize { get; set; } = 8;

    /// <summary>Threads the model may use for one call; 0 lets ONNX Runtime choose (one per core).</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Where the MiniLM model file is kept between runs (written at the first start; relative to the content
    /// root); empty for a folder in the system's temporary folder.</summary>
    public string ModelFolder { get; set; } = "";

    /// <summary>How many recent question embeddings to keep, so retrieval and sentence selection encode a question once.</summary>
    [Range(0, 1_000_000)]
    public int QueryCacheSize { get; set; } = 1024;
}
