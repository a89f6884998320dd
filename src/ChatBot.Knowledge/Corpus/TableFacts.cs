namespace ChatBot.Knowledge.Corpus;

/// <summary>Writes the rows of a table as facts that read on their own: the row's first cell, then each other cell with
/// its column header ("Tidal barrier — Estimated cost: £71 million"), so a row is answered and cited like a sentence,
/// never quoted as cells.</summary>
internal static class TableFacts
{
    public static List<string> Rows(IReadOnlyList<string>? header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var facts = new List<string>();
        foreach (var row in rows)
        {
            var cells = row.Select(c => c.Trim()).ToList();
            if (cells.All(c => c.Length == 0))
            {
                continue;
            }

            var parts = new List<string>();
            for (var i = 1; i < cells.Count; i++)
            {
                if (cells[i].Length == 0)
                {
                    continue;
                }

                var name = header is not null && i < header.Count ? header[i].Trim() : string.Empty;
                parts.Add(name.Length > 0 ? $"{name}: {cells[i]}" : cells[i]);
            }

            facts.Add(parts.Count == 0 ? cells[0] : cells[0].Length == 0 ? string.Join("; ", parts) : $"{cells[0]} — {string.Join("; ", parts)}");
        }

        return facts;
    }
}
