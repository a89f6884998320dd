using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Passages;

/// <summary>Cuts a cleaned document into passages that follow paragraph and sentence boundaries.</summary>
public sealed class PassageChunker(PassageOptions options)
{
    public IReadOnlyList<Passage> Chunk(CleanDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var passages = new List<Passage>();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < document.Paragraphs.Count; index++)
        {
            var paragraph = document.Paragraphs[index];
            var sentences = paragraph.Items ?? SentenceSplitter.Split(paragraph.Text);
            if (sentences.Count == 0)
            {
                continue;
            }

            foreach (var window in Windows(paragraph.Text, sentences))
            {
                var first = window[0];
                var last = window[^1];
                var text = paragraph.Text[first.Start..last.End];
                var relative = window.Select(s => s with { Start = s.Start - first.Start }).ToArray();

                // Plain-text paragraphs keep the original's length, so offsets inside them are exact; paragraphs whose
                // markup was removed can only point at their whole block.
                var exact = paragraph.Text.Length == paragraph.End - paragraph.Start;
                var start = exact ? paragraph.Start + first.Start : paragraph.Start;
                var end = exact ? paragraph.Start + last.End : paragraph.End;

                occurrences[text] = occurrences.GetValueOrDefault(text) + 1;
                passages.Add(new Passage(
                    PassageIds.For(document.Source.Id, text, occurrences[text]),
                    document.Source.Id,
                    document.Title,
                    document.Source.SourceUrl,
                    index,
                    start,
                    end,
                    text,
                    relative,
                    paragraph.Heading,
                    paragraph.Kind));
            }
        }

        return passages;
    }

    private IEnumerable<List<TextSpan>> Windows(string text, IReadOnlyList<TextSpan> sentences)
    {
        if (text.Length <= options.MaxChars)
        {
            yield return [.. sentences];
            yield break;
        }

        var window = new List<TextSpan>();
        foreach (var sentence in sentences)
        {
            if (window.Count > 0 && sentence.End - window[0].Start > options.TargetChars)
            {
                yield return window;
                window = [];
            }

            window.Add(sentence);
        }

        if (window.Count > 0)
        {
            yield return window;
        }
    }
}
