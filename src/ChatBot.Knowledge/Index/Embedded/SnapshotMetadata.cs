using System.Text;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>The metadata section of a <see cref="SnapshotFile"/>: the manifest, the passages without their vectors and
/// the index's mean vector.</summary>
internal static class SnapshotMetadata
{
    public static void Write(BinaryWriter writer, IndexManifest manifest, IEnumerable<Passage> passages, int count, float[] mean)
    {
        writer.Write(manifest.EmbeddingModel);
        writer.Write(manifest.Dimensions);
        writer.Write(manifest.Documents.Count);
        foreach (var document in manifest.Documents.Values.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            writer.Write(document.Id);
            writer.Write(document.Title);
            WriteNullable(writer, document.SourceUrl);
            writer.Write(document.ContentHash);
            writer.Write(document.PassageCount);
        }

        writer.Write(count);
        foreach (var p in passages)
        {
            writer.Write(p.Id.ToByteArray(bigEndian: true));
            writer.Write(p.DocumentId);
            writer.Write(p.Title);
            WriteNullable(writer, p.SourceUrl);
            writer.Write(p.ParagraphIndex);
            writer.Write(p.Start);
            writer.Write(p.End);
            writer.Write(p.Text);
            writer.Write(p.Heading);
            writer.Write((byte)p.Kind);
            writer.Write(p.Sentences.Count);
            foreach (var sentence in p.Sentences)
            {
                writer.Write(sentence.Start);
                writer.Write(sentence.Length);
            }
        }

        foreach (var value in mean)
        {
            writer.Write(value);
        }
    }

    public static (IndexManifest Manifest, List<Passage> Passages, float[] Mean) Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        var model = reader.ReadString();
        var dimensions = ReadCount(reader, sizeof(float));
        var documentCount = ReadCount(reader, 4);
        var documents = new Dictionary<string, IndexedDocument>(StringComparer.Ordinal);
        for (var i = 0; i < documentCount; i++)
        {
            var document = new IndexedDocument(reader.ReadString(), reader.ReadString(), ReadNullable(reader), reader.ReadString(), reader.ReadInt32());
            documents[document.Id] = document;
        }

        // A document's id, title and address repeat in each of its passages: one string each is kept.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string Share(string value) => shared.TryGetValue(value, out var known) ? known : shared[value] = value;

        var passageCount = ReadCount(reader, 16);
        var passages = new List<Passage>(passageCount);
        for (var i = 0; i < passageCount; i++)
        {
            var id = new Guid(reader.ReadBytes(16), bigEndian: true);
            var documentId = Share(reader.ReadString());
            var title = Share(reader.ReadString());
            var sourceUrl = ReadNullable(reader) is { } url ? Share(url) : null;
            var paragraphIndex = reader.ReadInt32();
            var start = reader.ReadInt32();
            var end = reader.ReadInt32();
            var text = reader.ReadString();
            var heading = Share(reader.ReadString());
            var kind = reader.ReadByte();
            if (!Enum.IsDefined((BlockKind)kind))
            {
                throw new FormatException($"unknown passage kind {kind}");
            }

            var sentenceCount = ReadCount(reader, 8);
            var sentences = new TextSpan[sentenceCount];
            for (var s = 0; s < sentenceCount; s++)
            {
                sentences[s] = new TextSpan(reader.ReadInt32(), reader.ReadInt32());
            }

            passages.Add(new Passage(id, documentId, title, sourceUrl, paragraphIndex, start, end, text, sentences, heading, (BlockKind)kind));
        }

        var mean = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            mean[d] = reader.ReadSingle();
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new FormatException("trailing bytes after the mean vector");
        }

        return (new IndexManifest(model, dimensions, documents), passages, mean);
    }

    /// <summary>A count read from the file, checked against the bytes that remain (each item takes at least
    /// <paramref name="minBytesPerItem"/>), so a damaged count is reported as damage instead of allocating without
    /// bound or overflowing.</summary>
    private static int ReadCount(BinaryReader reader, long minBytesPerItem)
    {
        var count = reader.ReadInt32();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || count * Math.Max(1, minBytesPerItem) > remaining)
        {
            throw new FormatException($"a count of {count} does not fit the {remaining} bytes that remain");
        }

        return count;
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
