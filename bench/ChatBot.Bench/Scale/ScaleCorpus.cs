using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Text;
using Microsoft.Extensions.AI;

namespace ChatBot.Bench.Scale;

/// <summary>
/// A corpus of any size made of real text: distinct passages of four sentences drawn from a pool of real sentences
/// (the repository's documents, the evaluation corpora beside it when present, and the summaries of the .NET reference
/// documentation that every machine building this has). Each pool sentence is embedded once with MiniLM and cached in
/// the git-ignored <c>bench/.cache</c>, so reruns are quick; a passage's own vector is the normalised mean of its
/// sentences' vectors (MiniLM pools by averaging too) instead of a fresh embedding, which would cost an hour at
/// 100,000 passages. The stores see real vectors and real words in the proportions of real text.
/// </summary>
internal static partial class ScaleCorpus
{
    private const int PoolSize = 20_000;
    private const int SentencesPerPassage = 4;
    private const int PassagesPerDocument = 50;

    public sealed record Pool(IReadOnlyList<string> Sentences, IReadOnlyList<float[]> Vectors);

    public static async Task<Pool> LoadPoolAsync(string root, IEmbeddingGenerator<string, Embedding<float>> model)
    {
        var sentences = (await SentencesAsync(root)).Distinct(StringComparer.Ordinal).Take(PoolSize).ToList();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sentences))))[..16];
        var cache = Path.Combine(root, "bench", ".cache", $"scale-pool-{key}.bin");
        if (File.Exists(cache))
        {
            return new Pool(sentences, ReadVectors(cache, sentences.Count));
        }

        Console.WriteLine($"embedding {sentences.Count} pool sentences once (cached in {cache})…");
        var vectors = new List<float[]>(sentences.Count);
        foreach (var chunk in sentences.Chunk(256))
        {
            vectors.AddRange((await model.GenerateAsync(chunk)).Select(e => e.Vector.ToArray()));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        await using (var file = File.Create(cache))
        {
            foreach (var vector in vectors)
            {
                file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
            }
        }

        return new Pool(sentences, vectors);
    }

    /// <summary>The changes that put <paramref name="count"/> passages into an empty index; the same for the same
    /// count on every run.</summary>
    public static IndexChanges Build(Pool pool, int count)
    {
        var random = new Random(count);
        var documents = new List<DocumentPassages>();
        for (var first = 0; first < count; first += PassagesPerDocument)
        {
            var id = $"scale-{first / PassagesPerDocument:D5}.txt";
            var passages = new List<IndexedPassage>();
            for (var i = first; i < Math.Min(count, first + PassagesPerDocument); i++)
            {
                var picks = Enumerable.Range(0, SentencesPerPassage).Select(_ => random.Next(pool.Sentences.Count)).ToArray();
                var text = new StringBuilder();
                var spans = new List<TextSpan>();
                foreach (var pick in picks)
                {
                    if (text.Length > 0)
                    {
                        text.Append(' ');
                    }

                    spans.Add(new TextSpan(text.Length, pool.Sentences[pick].Length));
                    text.Append(pool.Sentences[pick]);
                }

                var sentenceVectors = picks.Select(p => pool.Vectors[p]).ToArray();
                var vector = new float[MiniLmEmbeddingGenerator.Dimensions];
                foreach (var v in sentenceVectors)
                {
                    TensorPrimitives.Add(vector, v, vector);
                }

                TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
                var body = text.ToString();
                var passage = new Passage(PassageIds.For(id, body, i), id, $"Scale document {first / PassagesPerDocument}", null, i - first, 0, body.Length, body, spans);
                passages.Add(new IndexedPassage(passage, vector, sentenceVectors));
            }

            var document = new IndexedDocument(id, $"Scale document {first / PassagesPerDocument}", null, id, passages.Count);
            documents.Add(new DocumentPassages(document, passages));
        }

        return new IndexChanges(MiniLmEmbeddingGenerator.ModelId, MiniLmEmbeddingGenerator.Dimensions, ReplaceAll: true, documents, []);
    }

    private static async Task<List<string>> SentencesAsync(string root)
    {
        var sentences = new List<string>();
        var folders = new[] { Path.Combine(root, "corpus"), Path.Combine(root, "tests", "data", "library", "docs") }
            .Concat(Directory.Exists(Path.Combine(root, "..", "shared", "eval", "corpora"))
                ? Directory.GetDirectories(Path.Combine(root, "..", "shared", "eval", "corpora")).Select(d => Path.Combine(d, "docs"))
                : []);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            var corpus = await CorpusLoader.LoadAsync(folder);
            foreach (var document in corpus.Documents)
            {
                sentences.AddRange(DocumentCleaner.Clean(document).Paragraphs.SelectMany(p => Split(p.Text)));
            }
        }

        foreach (var file in ReferenceDocumentation())
        {
            foreach (var summary in XDocument.Load(file).Descendants("summary"))
            {
                sentences.AddRange(Split(WhiteSpace().Replace(summary.Value, " ").Trim()));
            }

            if (sentences.Count > PoolSize * 2)
            {
                break;
            }
        }

        return sentences;
    }

    private static IEnumerable<string> Split(string text) =>
        SentenceSplitter.Split(text).Select(s => s.Of(text)).Where(s => s.Length is >= 30 and <= 300 && s.Count(c => c == ' ') >= 4);

    /// <summary>The .NET reference pack's XML documentation, found from the running runtime's folder.</summary>
    private static IEnumerable<string> ReferenceDocumentation()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        return Directory.Exists(packs)
            ? Directory.EnumerateFiles(packs, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
    }

    private static List<float[]> ReadVectors(string path, int count)
    {
        var bytes = File.ReadAllBytes(path);
        var dimensions = MiniLmEmbeddingGenerator.Dimensions;
        if (bytes.Length != count * dimensions * sizeof(float))
        {
            throw new InvalidDataException($"{path} does not hold {count} vectors; delete it to embed the pool again.");
        }

        return [.. Enumerable.Range(0, count).Select(i => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * dimensions * sizeof(float), dimensions * sizeof(float))).ToArray())];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
