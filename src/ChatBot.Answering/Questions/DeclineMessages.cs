using System.Text;

namespace ChatBot.Answering.Questions;

/// <summary>The texts the bot answers with when it will not answer from the corpus: each says what it does cover and
/// offers example questions, so the user has somewhere to go next.</summary>
public sealed class DeclineMessages(CorpusProfile profile)
{
    public string NotCovered() =>
        Compose($"{Capitalised(profile.SourceName)} {(Plural ? "don't" : "doesn't")} cover that, so I can't answer it from my sources. I answer questions about {profile.Summary}.");

    public string TaskChange() =>
        Compose($"I can't help with that. I only answer questions about {profile.Summary}, quoting {profile.SourceName} and citing the passages I use.");

    private bool Plural => profile.SourceName.EndsWith('s');

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Said once in a conversation whose questions are not in English, when the answer quotes the documents.</summary>
    public static string AnswersInEnglish() =>
        "(I answer in English, in the words of my sources.)";

    public static string EmptyIndex() =>
        "My knowledge base is empty right now, so I can't answer questions yet. Please try again once the corpus has been ingested.";

    private string Compose(string lead)
    {
        var text = new StringBuilder(lead);
        var examples = profile.ExampleQuestions;
        if (examples.Count > 0)
        {
            text.Append(" You could ask, for example: ");
            for (var i = 0; i < examples.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : i == examples.Count - 1 ? " or " : ", ");
                text.Append('“').Append(examples[i]).Append('”');
            }

            text.Append('.');
        }

        return text.ToString();
    }
}
