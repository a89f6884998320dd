using System.Text.RegularExpressions;

namespace ChatBot.Answering.Questions;

/// <summary>Reads the expected answer type and list intent off a question's wording.</summary>
public static partial class QuestionClassifier
{
    public static AnswerType TypeOf(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Conclusion().IsMatch(question) ? AnswerType.Conclusion
            : Summary().IsMatch(question) ? AnswerType.Summary
            : Recommendation().IsMatch(question) ? AnswerType.Recommendation
            : Date().IsMatch(question) ? AnswerType.Date
            : Number().IsMatch(question) ? AnswerType.Number
            : Reason().IsMatch(question) ? AnswerType.Reason
            : Person().IsMatch(question) ? AnswerType.Person
            : Place().IsMatch(question) ? AnswerType.Place
            : AnswerType.Any;
    }

    public static bool WantsList(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return List().IsMatch(question) || Recommendation().IsMatch(question) || Summary().IsMatch(question);
    }

    [GeneratedRegex(@"^\W*(when\b|since when\b|what (year|month|date|day|time)\b|in what year\b|in which (year|month)\b|by when\b)|\bwhat (year|month|date)\b|\bhow long ago\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"\b(recommend\w*|suggest\w*|propos\w*|advis\w*|advice|prescri\w*)\b|\b(what|which) (steps|measures|actions|solutions|remedies)\b|\bwhat (should|must|needs? to|ought to|can|could) (be done|happen|they do|both sides do|the two countries do)\b|\bhow (can|could|might) (peace|a peace \w+|an agreement|lasting peace) be\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Recommendation();

    [GeneratedRegex(@"\b(article|author|piece|text|report|writer)\b.*\b(conclu\w*|end|ends|ending|closing|final (thoughts|words|point))\b|\b(conclusion|closing (thoughts|words)|final (thoughts|words))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Conclusion();

    [GeneratedRegex(@"\b(summar(y|ise|ize|izing|ising)|overview|gist|tl;?dr|main (points|ideas|takeaways)|key (points|takeaways))\b|\bwhat is (the|this) (article|text|piece|story|report) about\b|^\W*what is it about\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Summary();

    [GeneratedRegex(@"\bhow (many|much)\b|\bnumber of\b|\bwhat (percentage|proportion|share|amount)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"^\W*why\b|\bfor what reason\b|\bwhat (caused|causes|led to|leads to|was the reason|is the reason|were the reasons|are the reasons)\b|\bhow come\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reason();

    [GeneratedRegex(@"^\W*(who|whom|whose)\b|\bwhich (leaders?|presidents?|officials?|people|person|politicians?|ministers?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Person();

    [GeneratedRegex(@"^\W*where\b|\bin which (city|country|place)\b|\bwhat (city|country|place)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Place();

    [GeneratedRegex(@"\b[\p{Lu}][\w-]*, [\p{Lu}][\w-]*,? and [\p{Lu}][\w-]*|^\W*(what|which) (are|were)\b|\b(list|enumerate|name (the|all|some))\b|\b(obstacles?|issues|challenges|problems|hurdles|barriers|steps|measures|recommendations?|recommends?|recommended|suggests?|suggestions?|proposals?|proposes?|factors|conditions|demands|concerns|events|developments|approaches|roles|positions|stances|key points|main points|summar(y|ise|ize)|overview|what should|what must|what needs)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex List();
}
