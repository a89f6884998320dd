using System.Security.Cryptography;
using System.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads every supported document under the corpus folder, with titles and sources from the manifest.</summary>
public static class CorpusLoader
{
    private static readonly Dictionary<string, DocumentFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = DocumentFormat.PlainText,
        [".text"] = DocumentFormat.PlainText,
        [".md"] = DocumentFormat.Markdown,
        [".markdown"] = DocumentFormat.Markdown,
        [".html"] = DocumentFormat.Html,
        [".htm"] = DocumentFormat.Html,
    };

    /// <summary>True when the file's extension is one ingestion reads.</summary>
    public static bool IsSupported(string path) => Formats.ContainsKey(System.IO.Path.GetExtension(path));

    public static async Task<CorpusSnapshot> LoadAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The corpus folder '{folder}' does not exist.");
        }

        var manifest = await CorpusManifest.LoadAsync(folder, cancellationToken).ConfigureAwait(false);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(IsSupported)
            .Order(StringComparer.Ordinal)
            .ToList();

        var documents = new List<SourceDocument>(files.Count);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            var relative = System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');
            var entry = manifest.Find(relative);
            documents.Add(new SourceDocument(
                Id: relative.ToLowerInvariant(),
                FileName: relative,
                Title: entry?.Title,
                SourceUrl: entry?.SourceUrl,
                Format: Formats[System.IO.Path.GetExtension(file)],
                Text: DecodeText(bytes),
                ContentHash: Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }

        return new CorpusSnapshot(manifest, documents);
    }

    private static string DecodeText(byte[] bytes)
    {
        // Offsets are into this decoded text, so it must not keep a byte-order mark the reader would not see.
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}

/// <summary>The corpus as read at one moment: its manifest and documents.</summary>
public sealed record CorpusSnapshot(CorpusManifest Manifest, IReadOnlyList<SourceDocument> Documents);
