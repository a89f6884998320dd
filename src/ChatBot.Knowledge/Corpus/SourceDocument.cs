namespace ChatBot.Knowledge.Corpus;

/// <summary>The format a document was written in; it decides how paragraphs are read out of it.</summary>
public enum DocumentFormat
{
    PlainText,
    Markdown,
    Html,
}

/// <summary>A document as found in the corpus folder, before cleaning.</summary>
/// <param name="Id">Stable id: the file's path relative to the corpus folder, lower-cased, with forward slashes.</param>
/// <param name="ContentHash">SHA-256 of the raw bytes, so an unchanged file is recognised without re-reading its passages.</param>
public sealed record SourceDocument(
    string Id,
    string FileName,
    string? Title,
    string? SourceUrl,
    DocumentFormat Format,
    string Text,
    string ContentHash);
