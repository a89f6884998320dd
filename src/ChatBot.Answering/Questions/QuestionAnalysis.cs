namespace ChatBot.Answering.Questions;

/// <summary>The kind of fact a question asks for, used to prefer sentences that contain one.</summary>
public enum AnswerType
{
    Any,
    Date,

    /// <summary>A length of time ("how long", "how far ahead").</summary>
    Duration,

    /// <summary>A size in length ("How long does the essay have to be?"): characters, metres, pages.</summary>
    Length,
    Number,
    Money,
    Percentage,
    Person,

    /// <summary>A person's or thing's own name ("Who is the council leader?", "What was the storm's name?"): a role
    /// or a common noun does not answer it.</summary>
    ProperName,

    /// <summary>The name of whoever holds a role ("Who is the minister responsible…?", "Who was the mayor?"): a person's
    /// name, which an organisation's name ("the Ministry of…") does not give.</summary>
    PersonName,
    Organisation,
    Place,
    Reason,
    Recommendation,

    /// <summary>An overview of the whole corpus ("Summarize the article").</summary>
    Summary,

    /// <summary>How the document ends ("What does the article conclude?").</summary>
    Conclusion,
}

/// <summary>A word of the question the answer must cover.</summary>
/// <param name="Term">Its keyword term (stem), as the index has it.</param>
/// <param name="Word">The word as asked (lower case), for comparing meaning.</param>
/// <param name="Weight">How much it counts: rarer in the documents weighs more; words carried over from an earlier
/// question weigh less than the new question's own.</param>
/// <param name="InDocuments">True when the documents use the term.</param>
/// <param name="Carried">True for a word of the earlier question a follow-up leans on.</param>
public readonly record struct KeyTerm(string Term, string Word, double Weight, bool InDocuments, bool Carried = false);

/// <summary>What the answerer needs to know about a question (or one part of a compound question).</summary>
/// <param name="Text">The question (part) as asked, tidied.</param>
/// <param name="SearchText">What retrieval searches for: the question with typos fixed, preceded by the earlier
/// question it leans on when it is a follow-up.</param>
/// <param name="WantsList">True for questions that ask for several things ("What are the obstacles?").</param>
/// <param name="WantsSteps">True for "how do I…" questions, answered with a procedure's steps.</param>
/// <param name="KeyTerms">The words the answer must cover.</param>
/// <param name="PreviousAnswer">For a follow-up, the answer the user has just read, which the new answer should not
/// repeat.</param>
public sealed record QuestionAnalysis(
    string Text,
    string SearchText,
    AnswerType Type,
    bool WantsList,
    bool WantsSteps,
    IReadOnlyList<KeyTerm> KeyTerms,
    string? PreviousAnswer = null)
{
    /// <summary>The words (lower case) naming what the question asks to identify or count (<see cref="QuestionFocus"/>); empty when
    /// it names none.</summary>
    public IReadOnlyList<string> Focus { get; init; } = [];

    /// <summary>Sentences an earlier part of the same question already quoted: not this part's answer.</summary>
    public IReadOnlySet<string> Quoted { get; init; } = new HashSet<string>();
}
