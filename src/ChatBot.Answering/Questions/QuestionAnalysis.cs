namespace ChatBot.Answering.Questions;

/// <summary>The kind of fact a question asks for, used to prefer sentences that contain one.</summary>
public enum AnswerType
{
    Any,
    Date,
    Number,
    Person,
    Place,
    Reason,
    Recommendation,

    /// <summary>An overview of the whole corpus ("Summarize the article").</summary>
    Summary,

    /// <summary>How the document ends ("What does the article conclude?").</summary>
    Conclusion,
}

/// <summary>What the answerer needs to know about a question.</summary>
/// <param name="Text">The question as asked, tidied.</param>
/// <param name="SearchText">What retrieval searches for: the question with typos fixed, expanded with the previous
/// question when it is a follow-up.</param>
/// <param name="WantsList">True for questions that ask for several things ("What are the obstacles?").</param>
/// <param name="PreviousAnswer">For a follow-up, the answer the user has just read, which the new answer should not repeat.</param>
/// <param name="Scope">How much of the question the corpus's vocabulary covers.</param>
public sealed record QuestionAnalysis(
    string Text,
    string SearchText,
    AnswerType Type,
    bool WantsList,
    string? PreviousAnswer = null,
    QuestionScope? Scope = null);
