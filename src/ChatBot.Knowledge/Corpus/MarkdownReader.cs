using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads Markdown line by line into prose paragraphs, lists, numbered steps and tables, each under its heading
/// path; inline markup is removed, code and front matter are not prose. The first level-one heading is offered as the
/// document's title. A paragraph that is bold and nothing else (a FAQ's question) heads what follows it.</summary>
internal static partial class MarkdownReader
{
    public static (List<Paragraph> Paragraphs, string? Title) Read(string text)
    {
        var reader = new Walker(WithoutFrontMatter(text));
        reader.Walk();
        return (reader.Paragraphs, reader.Title);
    }

    private sealed class Walker(string source)
    {
        private readonly HeadingPath _path = new();
        private readonly List<string> _prose = [];
        private readonly List<string> _items = [];
        private readonly List<string> _tableLines = [];
        private BlockKind _listKind;
        private int _blockStart = -1;
        private int _blockEnd;
        private int _hashLevel;
        private bool _blankInList;

        public List<Paragraph> Paragraphs { get; } = [];

        public string? Title { get; private set; }

        public void Walk()
        {
            var inFence = false;
            var position = 0;
            while (position < source.Length)
            {
                var lineEnd = source.IndexOf('\n', position);
                if (lineEnd < 0)
                {
                    lineEnd = source.Length;
                }

                var line = source[position..lineEnd].TrimEnd('\r');
                if (Fence().IsMatch(line) || inFence)
                {
                    Flush();
                    inFence ^= Fence().IsMatch(line);
                }
                else
                {
                    Take(line, position, lineEnd);
                }

                position = lineEnd + 1;
            }

            Flush();
        }

        private void Take(string line, int start, int end)
        {
            if (line.Trim().Length == 0)
            {
                if (_items.Count > 0)
                {
                    _blankInList = true;
                    return;
                }

                Flush();
                return;
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                Flush();
                var level = heading.Groups[1].Length;
                var title = StripInline(heading.Groups[2].Value);
                if (level == 1 && Title is null)
                {
                    Title = title;
                    _hashLevel = 1;
                    return;
                }

                _hashLevel = level;
                _path.Enter(level, title);
                return;
            }

            var isItem = ListItem().Match(line);
            var isTable = line.TrimStart().StartsWith('|');
            if (_items.Count > 0 && (isItem.Success || (!_blankInList && !isTable)))
            {
                _blankInList = false;
                if (isItem.Success)
                {
                    _items.Add(StripInline(line[isItem.Length..]));
                }
                else
                {
                    _items[^1] = WhiteSpace.Collapse(_items[^1] + " " + StripInline(line));
                }

                Extend(start, end);
                return;
            }

            if (isTable != (_tableLines.Count > 0) || isItem.Success || _blankInList)
            {
                Flush();
            }

            Extend(start, end);
            if (isTable)
            {
                _tableLines.Add(line.Trim());
            }
            else if (isItem.Success)
            {
                _listKind = char.IsDigit(line.TrimStart()[0]) ? BlockKind.Steps : BlockKind.List;
                _items.Add(StripInline(line[isItem.Length..]));
            }
            else
            {
                _prose.Add(Quote().Replace(line, string.Empty));
            }
        }

        private void Extend(int start, int end)
        {
            if (_blockStart < 0)
            {
                _blockStart = start;
            }

            _blockEnd = end;
        }

        private void Flush()
        {
            if (_blockStart < 0)
            {
                return;
            }

            if (_prose.Count > 0)
            {
                var raw = string.Join(' ', _prose).Trim();
                var bold = Bold().Match(raw);
                if (bold.Success && _prose.Count <= 2)
                {
                    _path.Enter(_hashLevel + 1, StripInline(bold.Groups[2].Value));
                }
                else if (StripInline(raw) is { Length: > 0 } prose)
                {
                    Paragraphs.Add(new Paragraph(prose, _blockStart, _blockEnd, Heading: _path.Current));
                }
            }
            else if (_items.Count > 0)
            {
                Paragraphs.Add(Paragraph.Structured([.. _items.Where(i => i.Length > 0)], _blockStart, _blockEnd, _listKind, _path.Current));
            }
            else if (_tableLines.Count > 0 && Table(_tableLines) is { Count: > 0 } rows)
            {
                Paragraphs.Add(Paragraph.Structured(rows, _blockStart, _blockEnd, BlockKind.Table, _path.Current));
            }

            _prose.Clear();
            _items.Clear();
            _tableLines.Clear();
            _blankInList = false;
            _blockStart = -1;
        }
    }

    private static List<string> Table(List<string> lines)
    {
        var rows = lines.Where(l => !Separator().IsMatch(l)).Select(Cells).ToList();
        var hasHeader = lines.Count > 1 && Separator().IsMatch(lines[1]);
        return hasHeader ? TableFacts.Rows(rows[0], rows.Skip(1)) : TableFacts.Rows(null, rows);
    }

    private static List<string> Cells(string line)
    {
        var trimmed = line.Trim();
        trimmed = trimmed.StartsWith('|') ? trimmed[1..] : trimmed;
        trimmed = trimmed.EndsWith('|') && !trimmed.EndsWith("\\|", StringComparison.Ordinal) ? trimmed[..^1] : trimmed;
        return [.. CellSplit().Split(trimmed).Select(c => StripInline(c.Replace("\\|", "|", StringComparison.Ordinal)))];
    }

    private static string WithoutFrontMatter(string text)
    {
        // Front matter is blanked rather than cut, so offsets into the original text stay valid.
        var match = FrontMatter().Match(text);
        return match.Success ? new string(' ', match.Length) + text[match.Length..] : text;
    }

    private static string StripInline(string text)
    {
        text = Image().Replace(text, string.Empty);
        text = Link().Replace(text, "$1");
        text = Emphasis().Replace(text, "$2");
        text = Code().Replace(text, "$1");
        text = HtmlTag().Replace(text, string.Empty);
        return WhiteSpace.Collapse(text);
    }

    [GeneratedRegex(@"\A---\r?\n.*?\r?\n---\r?\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"^\s{0,3}(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")]
    private static partial Regex Separator();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();

    [GeneratedRegex(@"^(\*\*|__)([^*_].*?)\1[:.]?$")]
    private static partial Regex Bold();

    [GeneratedRegex(@"^\s*>\s?")]
    private static partial Regex Quote();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"`([^`]*)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
