using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Passages;

namespace ChatBot.Knowledge.Tests.Corpus;

/// <summary>Headings, lists, numbered steps and tables survive ingestion in every format.</summary>
public sealed class StructureTests
{
    private static CleanDocument Clean(string name, DocumentFormat format, string text) =>
        DocumentCleaner.Clean(new SourceDocument(name, name, null, null, format, text, "h"));

    [Fact]
    public void Markdown_TableUnderHeading_BecomesRowFactsWithTheIntroduction()
    {
        var clean = Clean("a.md", DocumentFormat.Markdown, """
            # Harbour works

            ## Costs

            The estimate is broken down as follows:

            | Component | Estimated cost |
            |---|---|
            | Tidal barrier | £71 million |
            | Flood walls | £22 million |
            """);

        var table = Assert.Single(clean.Paragraphs, p => p.Kind == BlockKind.Table);
        Assert.Equal(["Tidal barrier — Estimated cost: £71 million", "Flood walls — Estimated cost: £22 million"], table.Items!.Select(i => i.Of(table.Text)));
        Assert.Equal("Costs > The estimate is broken down as follows", table.Heading);
        Assert.DoesNotContain('|', table.Text);
        Assert.Equal("Harbour works", clean.Title);
    }

    [Fact]
    public void Markdown_NumberedListAndBoldQuestion_AreStepsAndAHeading()
    {
        var clean = Clean("a.md", DocumentFormat.Markdown, """
            ## How to request leave

            1. Log in to the **portal**.
            2. Choose New Request
               and fill in the form.

            ## FAQ

            **Can I carry leave over?**

            Yes, up to five days.
            """);

        var steps = Assert.Single(clean.Paragraphs, p => p.Kind == BlockKind.Steps);
        Assert.Equal(["Log in to the portal.", "Choose New Request and fill in the form."], steps.Items!.Select(i => i.Of(steps.Text)));
        Assert.Equal("How to request leave", steps.Heading);
        Assert.Equal("FAQ > Can I carry leave over?", Assert.Single(clean.Paragraphs, p => p.Text == "Yes, up to five days.").Heading);
    }

    [Fact]
    public void Html_TableListsAndHeadings_KeepTheirStructure()
    {
        var clean = Clean("a.html", DocumentFormat.Html, """
            <html><head><title>Travel</title></head><body><nav><ul><li>Home</li></ul></nav>
            <h1>Travel policy</h1>
            <h2>Rates</h2>
            <table><caption>Daily rates</caption>
            <tr><th>Region</th><th>Daily rate</th><th>Hotel limit</th></tr>
            <tr><td>Germany</td><td>&euro;52</td><td>&euro;130</td></tr>
            </table>
            <h2>How to claim</h2>
            <ol><li>Open the tool.</li><li>Click <strong>Submit</strong>.</li></ol>
            <ul><li>Fines are not paid</li></ul>
            </body></html>
            """);

        var table = Assert.Single(clean.Paragraphs, p => p.Kind == BlockKind.Table);
        Assert.Equal("Germany — Daily rate: €52; Hotel limit: €130", table.Text);
        Assert.Equal("Rates > Daily rates", table.Heading);
        var steps = Assert.Single(clean.Paragraphs, p => p.Kind == BlockKind.Steps);
        Assert.Equal(["Open the tool.", "Click Submit ."], steps.Items!.Select(i => i.Of(steps.Text)));
        Assert.Equal("How to claim", steps.Heading);
        Assert.DoesNotContain(clean.Paragraphs, p => p.Text.Contains("Home", StringComparison.Ordinal));
        Assert.Single(clean.Paragraphs, p => p.Kind == BlockKind.List);
    }

    [Fact]
    public void PlainText_NumberedSectionsAndLetteredSteps_AreHeadingsAndSteps()
    {
        var clean = Clean("a.txt", DocumentFormat.PlainText, """
            SECURITY BASICS

            1. Passwords

            Your password must be at least 14 characters long.

            If a device is lost:

              a) Call the service desk
                 immediately.
              b) Change your password.
            """);

        Assert.Equal("1. Passwords", Assert.Single(clean.Paragraphs, p => p.Text.StartsWith("Your password", StringComparison.Ordinal)).Heading);
        var steps = Assert.Single(clean.Paragraphs, p => p.Kind == BlockKind.Steps);
        Assert.Equal(["Call the service desk immediately.", "Change your password."], steps.Items!.Select(i => i.Of(steps.Text)));
        Assert.Equal("1. Passwords > If a device is lost", steps.Heading);
    }

    [Fact]
    public void Chunker_ListPassage_HasOneSentencePerItemAndItsHeading()
    {
        var clean = Clean("a.md", DocumentFormat.Markdown, "## Parts\n\n- a barrier;\n- two pumps, e.g. at Millbrook.\n");

        var passage = Assert.Single(new PassageChunker(new PassageOptions()).Chunk(clean));

        Assert.Equal(BlockKind.List, passage.Kind);
        Assert.Equal("Parts", passage.Heading);
        Assert.Equal(["a barrier;", "two pumps, e.g. at Millbrook."], passage.Sentences.Select(s => s.Of(passage.Text)));
        Assert.Equal("Parts\na barrier;\ntwo pumps, e.g. at Millbrook.", passage.SearchText);
    }
}
