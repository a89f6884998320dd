using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Tests.Embeddings;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using static ChatBot.Knowledge.Tests.Index.StoreTestData;

namespace ChatBot.Knowledge.Tests.Index;

/// <summary>The store contract, run against the embedded store.</summary>
public sealed class EmbeddedPassageStoreContractTests(MiniLmFixture model) : PassageStoreContract(model), IClassFixture<MiniLmFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IPassageStore> CreateStoreAsync() =>
        Task.FromResult<IPassageStore>(new EmbeddedPassageStore(_folder.File($"{Guid.NewGuid():N}.snapshot"), NullLogger<EmbeddedPassageStore>.Instance));

    public void Dispose() => _folder.Dispose();
}

/// <summary>The store contract, run against the embedded store serving every index the way it serves a large one:
/// vectors left in the snapshot file, candidates picked by their binary codes and scored exactly from the file.</summary>
public sealed class ApproximateEmbeddedPassageStoreContractTests(MiniLmFixture model) : PassageStoreContract(model), IClassFixture<MiniLmFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IPassageStore> CreateStoreAsync() =>
        Task.FromResult<IPassageStore>(new EmbeddedPassageStore(_folder.File($"{Guid.NewGuid():N}.snapshot"), NullLogger<EmbeddedPassageStore>.Instance, approximateAbove: 0));

    public void Dispose() => _folder.Dispose();
}

/// <summary>What only the embedded store does: persist to a snapshot, survive damage and failed writes.</summary>
public sealed class EmbeddedPassageStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string SnapshotPath => _folder.File("index.snapshot");

    private EmbeddedPassageStore Open() => new(SnapshotPath, NullLogger<EmbeddedPassageStore>.Instance);

    [Fact]
    public async Task Snapshot_ReopenedStore_ServesTheSameIndex()
    {
        await Open().ApplyAsync(Put(Document("a", "The ceasefire held.", "Peacekeepers arrived.")));

        var reopened = Open();

        Assert.Equal(2, await reopened.CountAsync());
        var hit = (await reopened.SearchAsync(Query("peacekeepers")))[0];
        Assert.Equal("Peacekeepers arrived.", hit.Passage.Passage.Text);
        Assert.Equal(StoreTestData.Passage("a", 1, "Peacekeepers arrived.").Vector, hit.Passage.Vector);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public async Task Snapshot_Damaged_IsDetectedAndTheStoreStartsEmpty(string damage)
    {
        await Open().ApplyAsync(Put(Document("a", "The ceasefire held.")));
        var bytes = await File.ReadAllBytesAsync(SnapshotPath);
        bytes = damage switch
        {
            "flip" => Flip(bytes, bytes.Length - 10),
            "truncate" => bytes[..(bytes.Length / 2)],
            _ => "not a snapshot at all"u8.ToArray(),
        };
        await File.WriteAllBytesAsync(SnapshotPath, bytes);

        var reopened = Open();

        Assert.Null(await reopened.GetManifestAsync());
        await reopened.ApplyAsync(Put(Document("b", "Rebuilt.")));
        Assert.Equal(1, await Open().CountAsync());
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, int.MinValue)]
    [InlineData(1, -5)]
    [InlineData(1, int.MaxValue)]
    public async Task Snapshot_DamagedCountWithAValidChecksum_IsTreatedAsDamageAndRebuilt(int field, int value)
    {
        await Open().ApplyAsync(Put(Document("a", "The ceasefire held.")));
        var bytes = await File.ReadAllBytesAsync(SnapshotPath);
        // Layout: magic, version, then each section's length and SHA-256, then the sections. The metadata section
        // starts with the model name (a string with a one-byte length prefix here), then dimensions, then the
        // document count.
        const int magicLength = 14;
        var headerLength = SnapshotFile.HeaderLength;
        var metadataLength = (int)BitConverter.ToInt64(bytes, magicLength + 4);
        var countAt = headerLength + 1 + bytes[headerLength] + (field * 4);
        BitConverter.TryWriteBytes(bytes.AsSpan(countAt, 4), value);
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(headerLength, metadataLength)).CopyTo(bytes.AsSpan(magicLength + 4 + 8, 32));
        await File.WriteAllBytesAsync(SnapshotPath, bytes);

        var reopened = Open();

        Assert.Null(await reopened.GetManifestAsync());
        await reopened.ApplyAsync(Put(Document("b", "Rebuilt.")));
        Assert.Equal(1, await Open().CountAsync());
    }

    [Fact]
    public async Task Snapshot_WriteInterrupted_LeavesThePreviousSnapshotAndNoTemporaryFiles()
    {
        var store = Open();
        await store.ApplyAsync(Put(Document("a", "First version.")));
        var before = await File.ReadAllBytesAsync(SnapshotPath);
        var manifest = await store.GetManifestAsync();

        using var cancel = new CancellationTokenSource();
        var slow = new CancellingStream(cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SnapshotFile.WriteAsync(SnapshotPath, manifest!, [StoreTestData.Passage("a", 0, "Second version.")], cancel.Token, slow.Wrap));

        Assert.Equal(before, await File.ReadAllBytesAsync(SnapshotPath));
        Assert.Equal(["index.snapshot"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
        Assert.Equal("First version.", (await Open().SearchAsync(Query("version")))[0].Passage.Passage.Text);
    }

    [Fact]
    public async Task Apply_SnapshotCannotBeWritten_KeepsServingThePreviousIndex()
    {
        var store = Open();
        await store.ApplyAsync(Put(Document("a", "First version.")));
        File.Delete(SnapshotPath);
        Directory.CreateDirectory(SnapshotPath);

        await Assert.ThrowsAnyAsync<IOException>(() => store.ApplyAsync(Put(Document("a", "Second version."))));

        Assert.Equal("First version.", (await store.SearchAsync(Query("version")))[0].Passage.Passage.Text);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    public void Dispose() => _folder.Dispose();

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0xFF;
        return bytes;
    }

    /// <summary>Lets the first write through, then cancels: a write that dies part-way.</summary>
    private sealed class CancellingStream(CancellationTokenSource cancel)
    {
        private int _writes;

        public Stream Wrap(Stream inner) => new Interceptor(inner, () =>
        {
            if (++_writes == 2)
            {
                cancel.Cancel();
            }
        });

        private sealed class Interceptor(Stream inner, Action onWrite) : Stream
        {
            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => inner.Length;

            public override long Position { get => inner.Position; set => inner.Position = value; }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => inner.SetLength(value);

            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                onWrite();
                cancellationToken.ThrowIfCancellationRequested();
                await inner.WriteAsync(buffer, cancellationToken);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
