using System.Security.Cryptography;
using System.Text;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>
/// The embedded index on disk. Layout: magic, format version, payload length, SHA-256 of the payload, payload. It is
/// written to a temporary file beside the target and renamed over it, so a crash mid-write leaves the old snapshot; a
/// truncated or altered file fails its length or checksum check at load.
/// </summary>
internal static class SnapshotFile
{
    private static readonly byte[] Magic = "CHATBOT-INDEX\n"u8.ToArray();
    // 2: passages carry their heading path and structure kind.
    private const int FormatVersion = 2;

    /// <param name="decorate">Wraps the file stream; tests use it to make a write fail part-way.</param>
    public static async Task WriteAsync(
        string path,
        IndexManifest manifest,
        IReadOnlyList<IndexedPassage> passages,
        CancellationToken cancellationToken,
        Func<Stream, Stream>? decorate = null)
    {
        var payload = Serialize(manifest, passages);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (var stream = decorate?.Invoke(file) ?? file)
            {
                await stream.WriteAsync(Magic, cancellationToken).ConfigureAwait(false);
                var header = new byte[4 + 8];
                BitConverter.TryWriteBytes(header.AsSpan(0, 4), FormatVersion);
                BitConverter.TryWriteBytes(header.AsSpan(4, 8), (long)payload.Length);
                await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(SHA256.HashData(payload), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a snapshot; null when there is none. Throws <see cref="InvalidDataException"/> for a damaged file.</summary>
    public static async Task<(IndexManifest Manifest, List<IndexedPassage> Passages)?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var headerLength = Magic.Length + 4 + 8 + 32;
        if (bytes.Length < headerLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a ChatBot index snapshot (bad header)");
        }

        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"snapshot format version {version}, expected {FormatVersion}");
        }

        var length = BitConverter.ToInt64(bytes, Magic.Length + 4);
        if (length != bytes.Length - headerLength)
        {
            throw new InvalidDataException($"snapshot is truncated or padded: {bytes.Length - headerLength} payload bytes, header says {length}");
        }

        var payload = bytes.AsSpan(headerLength);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(Magic.Length + 12, 32)))
        {
            throw new InvalidDataException("snapshot checksum does not match its contents");
        }

        try
        {
            return Deserialize(bytes, headerLength);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException or FormatException)
        {
            throw new InvalidDataException($"snapshot payload is malformed: {ex.Message}", ex);
        }
    }

    private static byte[] Serialize(IndexManifest manifest, IReadOnlyList<IndexedPassage> passages)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
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

            writer.Write(passages.Count);
            foreach (var indexed in passages)
            {
                var p = indexed.Passage;
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

                WriteVector(writer, indexed.Vector);
                foreach (var vector in indexed.SentenceVectors)
                {
                    WriteVector(writer, vector);
                }
            }
        }

        return buffer.ToArray();
    }

    private static (IndexManifest, List<IndexedPassage>) Deserialize(byte[] bytes, int offset)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, offset, bytes.Length - offset, writable: false), Encoding.UTF8);
        var model = reader.ReadString();
        var dimensions = ReadCount(reader, sizeof(float));
        var documentCount = ReadCount(reader, 4);
        var documents = new Dictionary<string, IndexedDocument>(StringComparer.Ordinal);
        for (var i = 0; i < documentCount; i++)
        {
            var document = new IndexedDocument(reader.ReadString(), reader.ReadString(), ReadNullable(reader), reader.ReadString(), reader.ReadInt32());
            documents[document.Id] = document;
        }

        var passageCount = ReadCount(reader, 16 + (dimensions * sizeof(float)));
        var passages = new List<IndexedPassage>(passageCount);
        for (var i = 0; i < passageCount; i++)
        {
            var id = new Guid(reader.ReadBytes(16), bigEndian: true);
            var documentId = reader.ReadString();
            var title = reader.ReadString();
            var sourceUrl = ReadNullable(reader);
            var paragraphIndex = reader.ReadInt32();
            var start = reader.ReadInt32();
            var end = reader.ReadInt32();
            var text = reader.ReadString();
            var heading = reader.ReadString();
            var kind = reader.ReadByte();
            if (!Enum.IsDefined((BlockKind)kind))
            {
                throw new FormatException($"unknown passage kind {kind}");
            }

            var sentenceCount = ReadCount(reader, 8 + (dimensions * sizeof(float)));
            var sentences = new TextSpan[sentenceCount];
            for (var s = 0; s < sentenceCount; s++)
            {
                sentences[s] = new TextSpan(reader.ReadInt32(), reader.ReadInt32());
            }

            var vector = ReadVector(reader, dimensions);
            var sentenceVectors = new float[sentenceCount][];
            for (var s = 0; s < sentenceCount; s++)
            {
                sentenceVectors[s] = ReadVector(reader, dimensions);
            }

            var passage = new Passage(id, documentId, title, sourceUrl, paragraphIndex, start, end, text, sentences, heading, (BlockKind)kind);
            passages.Add(new IndexedPassage(passage, vector, sentenceVectors));
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new FormatException("trailing bytes after the last passage");
        }

        return (new IndexManifest(model, dimensions, documents), passages);
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

    private static void WriteVector(BinaryWriter writer, float[] vector)
    {
        foreach (var value in vector)
        {
            writer.Write(value);
        }
    }

    private static float[] ReadVector(BinaryReader reader, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = reader.ReadSingle();
        }

        return vector;
    }
}
