using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ChatBot.Knowledge.Passages;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>What a snapshot holds. <paramref name="Vectors"/> is null when they were left on disk, at
/// <paramref name="VectorsOffset"/>: each passage's vector, then its sentences' vectors, passage after passage.</summary>
internal sealed record Snapshot(IndexManifest Manifest, List<Passage> Passages, float[] Mean, ulong[] Codes, float[]? Vectors, long VectorsOffset);

/// <summary>
/// The embedded index on disk. Layout: magic, format version, then for each of three sections its length and SHA-256,
/// then the sections: metadata (the manifest, the passages without vectors, the mean vector), the binary codes
/// (<see cref="BinaryCodes"/>) and the vectors, float32, row after row, so that a large index can leave them on disk and
/// read the rows it needs. It is written to a temporary file beside the target and renamed over it, so a crash mid-write
/// leaves the old snapshot; a truncated or altered file fails its length or checksum check at load.
/// </summary>
internal static class SnapshotFile
{
    private static readonly byte[] Magic = "CHATBOT-INDEX\n"u8.ToArray();
    // 3: sections, binary codes and vectors in one block.
    private const int FormatVersion = 3;
    private const int SectionCount = 3;

    /// <summary>Where the first section starts.</summary>
    public static int HeaderLength => Magic.Length + 4 + (SectionCount * (8 + 32));

    /// <summary>Writes a snapshot and returns what it holds, its vectors left in the file.</summary>
    /// <param name="decorate">Wraps the file stream; tests use it to make a write fail part-way.</param>
    public static async Task<Snapshot> WriteAsync(
        string path,
        IndexManifest manifest,
        IReadOnlyList<IndexedPassage> passages,
        CancellationToken cancellationToken,
        Func<Stream, Stream>? decorate = null)
    {
        var dimensions = manifest.Dimensions;
        var mean = Mean(passages, dimensions);
        var metadata = Metadata(manifest, passages, mean);
        var codes = Codes(passages, mean, dimensions);
        var codeBytes = MemoryMarshal.AsBytes(codes.AsSpan()).ToArray();
        using var vectorHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long vectorLength = 0;
        foreach (var vector in Rows(passages))
        {
            vectorHash.AppendData(MemoryMarshal.AsBytes(vector.AsSpan()));
            vectorLength += vector.Length * sizeof(float);
        }

        var header = new MemoryStream();
        header.Write(Magic);
        header.Write(BitConverter.GetBytes(FormatVersion));
        foreach (var (length, hash) in new[] { ((long)metadata.Length, SHA256.HashData(metadata)), (codeBytes.Length, SHA256.HashData(codeBytes)), (vectorLength, vectorHash.GetHashAndReset()) })
        {
            header.Write(BitConverter.GetBytes(length));
            header.Write(hash);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
            await using (var stream = decorate?.Invoke(file) ?? file)
            {
                await stream.WriteAsync(header.ToArray(), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(metadata, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(codeBytes, cancellationToken).ConfigureAwait(false);
                foreach (var vector in Rows(passages))
                {
                    await stream.WriteAsync(MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(), cancellationToken).ConfigureAwait(false);
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new Snapshot(manifest, [.. passages.Select(p => p.Passage)], mean, codes, null, HeaderLength + metadata.Length + codeBytes.Length);
    }

    /// <summary>Reads a snapshot, its vectors only when it has at most <paramref name="loadVectorsUpTo"/> of them (they
    /// are checked either way); null when there is none. Throws <see cref="InvalidDataException"/> for a damaged file.</summary>
    public static async Task<Snapshot?> ReadAsync(string path, long loadVectorsUpTo, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var header = new byte[HeaderLength];
        if (file.Length < HeaderLength || await file.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < HeaderLength
            || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a ChatBot index snapshot (bad header)");
        }

        var version = BitConverter.ToInt32(header, Magic.Length);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"snapshot format version {version}, expected {FormatVersion}");
        }

        var lengths = new long[SectionCount];
        var hashes = new byte[SectionCount][];
        for (var s = 0; s < SectionCount; s++)
        {
            var at = Magic.Length + 4 + (s * 40);
            lengths[s] = BitConverter.ToInt64(header, at);
            hashes[s] = header[(at + 8)..(at + 40)];
            if (lengths[s] < 0 || lengths[s] > file.Length)
            {
                throw new InvalidDataException($"snapshot section {s} claims {lengths[s]} bytes");
            }
        }

        if (HeaderLength + lengths.Sum() != file.Length)
        {
            throw new InvalidDataException($"snapshot is truncated or padded: {file.Length - HeaderLength} section bytes, header says {lengths.Sum()}");
        }

        try
        {
            var (manifest, passages, mean) = SnapshotMetadata.Read(await ReadCheckedAsync(file, lengths[0], hashes[0], cancellationToken).ConfigureAwait(false));
            var rows = passages.Sum(p => 1L + p.Sentences.Count);
            if (lengths[2] != rows * manifest.Dimensions * sizeof(float) || lengths[1] != rows * BinaryCodes.WordsPer(manifest.Dimensions) * sizeof(ulong))
            {
                throw new FormatException($"the vectors and codes do not fit {rows} rows of {manifest.Dimensions} dimensions");
            }

            var codes = MemoryMarshal.Cast<byte, ulong>(await ReadCheckedAsync(file, lengths[1], hashes[1], cancellationToken).ConfigureAwait(false)).ToArray();
            var vectorsOffset = file.Position;
            float[]? vectors = null;
            if (rows <= loadVectorsUpTo)
            {
                vectors = MemoryMarshal.Cast<byte, float>(await ReadCheckedAsync(file, lengths[2], hashes[2], cancellationToken).ConfigureAwait(false)).ToArray();
            }
            else
            {
                await CheckAsync(file, lengths[2], hashes[2], cancellationToken).ConfigureAwait(false);
            }

            return new Snapshot(manifest, passages, mean, codes, vectors, vectorsOffset);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException or FormatException)
        {
            throw new InvalidDataException($"snapshot payload is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>Every vector of <paramref name="passages"/> in file order.</summary>
    private static IEnumerable<float[]> Rows(IReadOnlyList<IndexedPassage> passages) => passages.SelectMany(p => p.Rows);

    private static float[] Mean(IReadOnlyList<IndexedPassage> passages, int dimensions)
    {
        var mean = new float[dimensions];
        var rows = 0;
        foreach (var vector in Rows(passages))
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, vector, mean);
            rows++;
        }

        if (rows > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(mean, rows, mean);
        }

        return mean;
    }

    private static ulong[] Codes(IReadOnlyList<IndexedPassage> passages, float[] mean, int dimensions)
    {
        var words = BinaryCodes.WordsPer(dimensions);
        var codes = new ulong[passages.Sum(p => 1 + p.SentenceVectors.Count) * words];
        var row = 0;
        foreach (var vector in Rows(passages))
        {
            BinaryCodes.Encode(vector, mean, codes.AsSpan(row++ * words, words));
        }

        return codes;
    }

    private static byte[] Metadata(IndexManifest manifest, IReadOnlyList<IndexedPassage> passages, float[] mean)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            SnapshotMetadata.Write(writer, manifest, passages.Select(p => p.Passage), passages.Count, mean);
        }

        return buffer.ToArray();
    }

    private static async Task<byte[]> ReadCheckedAsync(FileStream file, long length, byte[] hash, CancellationToken cancellationToken)
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"snapshot section of {length} bytes is too large to load");
        }

        var bytes = new byte[length];
        await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash))
        {
            throw new InvalidDataException("snapshot checksum does not match its contents");
        }

        return bytes;
    }

    /// <summary>Checks a section without keeping it: read through a small buffer, so the vectors of a large index do
    /// not pass through this process's memory at once.</summary>
    private static async Task CheckAsync(FileStream file, long length, byte[] hash, CancellationToken cancellationToken)
    {
        using var incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (var left = length; left > 0;)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException("snapshot ends inside its vectors");
            }

            incremental.AppendData(buffer, 0, read);
            left -= read;
        }

        if (!incremental.GetHashAndReset().AsSpan().SequenceEqual(hash))
        {
            throw new InvalidDataException("snapshot checksum does not match its contents");
        }
    }
}
