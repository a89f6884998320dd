using System.Security.Cryptography;
using System.Text;

namespace ChatBot.Knowledge.Passages;

/// <summary>Derives passage ids from content, so the same passage gets the same id on every ingestion and every store.</summary>
public static class PassageIds
{
    /// <summary>A UUID (RFC 9562 version 8 layout) from the document id, the passage text and its occurrence number,
    /// the last telling apart identical passages in one document.</summary>
    public static Guid For(string documentId, string text, int occurrence)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(text);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{documentId}\u001f{occurrence}\u001f{text}"));
        Span<byte> bytes = stackalloc byte[16];
        hash.AsSpan(0, 16).CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
