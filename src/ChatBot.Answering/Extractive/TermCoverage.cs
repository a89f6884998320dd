using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Extractive;

/// <summary>How much of a question's key terms a sentence covers, read in its context: the sentence, its heading path,
/// the rest of its passage, and words close in meaning.</summary>
internal static class TermCoverage
{
    /// <summary>What a key term found only in the rest of the passage counts: the passage is about it, the sentence is not
    /// necessarily.</summary>
    public const double PassageCredit = 0.5;

    /// <summary>What a key term found only as a word close in meaning counts (<see cref="TermVectors.SameIdea"/>).</summary>
    public const double ParaphraseCredit = 0.8;

    /// <summary>What a key term found only in the sentence before counts: a sentence often goes on about what the one
    /// before named ("The museum reopened. Its director said…").</summary>
    public const double PreviousCredit = 0.75;

    /// <param name="absent">Key terms the retrieved passages hold in no form and in no other words: what the question
    /// asks about that the documents never give.</param>
    public static (double Coverage, double Overlap, double Missing) Measure(
        IReadOnlyList<KeyTerm> keys, SentenceContext context, TermLookup lookup, bool continuesConversation, IReadOnlySet<string> absent)
    {
        var total = keys.Sum(k => k.Weight);
        if (total <= 0)
        {
            return (1, 1, 0);
        }

        double covered = 0, overlap = 0, missing = 0;
        foreach (var key in keys)
        {
            if (lookup.Matches(key.Term, context.Sentence))
            {
                covered += key.Weight;
                overlap += key.Weight;
            }
            else if (lookup.Matches(key.Term, context.Heading, shared: true) || (key.Carried && continuesConversation))
            {
                // The passage the user was just answered from is about what the earlier question asked.
                covered += key.Weight;
            }
            else if (TermTokenizer.HasLetter(key.Word) && lookup.SameIdea(key.Word, context.Words))
            {
                covered += ParaphraseCredit * key.Weight;
            }
            else if (lookup.Matches(key.Term, context.Previous))
            {
                covered += PreviousCredit * key.Weight;
            }
            else if (lookup.Matches(key.Term, context.Passage, shared: true))
            {
                covered += PassageCredit * key.Weight;
            }

            if (absent.Contains(key.Term))
            {
                missing += key.Weight;
            }
        }

        return (covered / total, overlap / total, missing / total);
    }
}

/// <summary>The words around a sentence that tell what it is about.</summary>
/// <param name="Previous">The terms of the sentence before, in running text (items of a list or rows of a table do not
/// lean on each other); empty for the first.</param>
/// <param name="Words">The content words of the sentence and its heading, for comparing meaning.</param>
internal sealed record SentenceContext(
    IReadOnlySet<string> Sentence, IReadOnlySet<string> Heading, IReadOnlySet<string> Previous, IReadOnlySet<string> Passage, IReadOnlyList<string> Words);
