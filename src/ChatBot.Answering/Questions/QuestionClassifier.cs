using System.Text.RegularExpressions;

namespace ChatBot.Answering.Questions;

/// <summary>Reads the expected answer type, list intent and procedure intent off a question's wording: English question
/// words and the nouns that name a kind of answer ("what date", "how much does it cost", "which company").</summary>
public static partial class QuestionClassifier
{
    public static AnswerType TypeOf(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        // "Who…" and "where…" name what is asked whatever the rest says ("Who is responsible for the budget?").
        if (AsksWho().IsMatch(question))
        {
            return RoleHolder().IsMatch(question) ? AnswerType.PersonName : ProperName().IsMatch(question) ? AnswerType.ProperName : AnswerType.Person;
        }

        return Conclusion().IsMatch(question) ? AnswerType.Conclusion
            : Summary().IsMatch(question) ? AnswerType.Summary
            : Recommendation().IsMatch(question) ? AnswerType.Recommendation
            : Reason().IsMatch(question) ? AnswerType.Reason
            : Length().IsMatch(question) ? AnswerType.Length
            : Duration().IsMatch(question) ? AnswerType.Duration
            : Date().IsMatch(question) ? AnswerType.Date
            : Percentage().IsMatch(question) ? AnswerType.Percentage
            : Money().IsMatch(question) ? AnswerType.Money
            : Number().IsMatch(question) ? AnswerType.Number
            : ProperName().IsMatch(question) ? AnswerType.ProperName
            : Organisation().IsMatch(question) ? AnswerType.Organisation
            : Person().IsMatch(question) ? AnswerType.Person
            : Place().IsMatch(question) ? AnswerType.Place
            : AnswerType.Any;
    }

    /// <summary>True for questions that ask for several things ("What are the obstacles?", "List the…").</summary>
    public static bool WantsList(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return List().IsMatch(question) || Summary().IsMatch(question) || Recommendation().IsMatch(question);
    }

    /// <summary>True for "how do I…" questions, answered with the steps of a procedure in order.</summary>
    public static bool WantsSteps(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Steps().IsMatch(question);
    }

    [GeneratedRegex(@"\b(article|author|document|report|text|piece|writer|paper|study|review|it|they)\b.*\bconclu\w*|\b(conclusion|closing (thoughts|words|remarks)|final (thoughts|words|remarks))\b|\bhow does (the|this) \w+ end\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Conclusion();

    [GeneratedRegex(@"\b(summar(y|ise|ize|izing|ising)|overview|gist|tl;?dr|main (points|ideas|takeaways)|key (points|takeaways))\b|\bwhat (is|are) (the|this|these) \w+ about\W*$|^\W*what('s| is) it about\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Summary();

    [GeneratedRegex(@"\b(recommend\w*|suggest\w*|propos\w*|advis\w*|advice)\b|\bwhat (should|must|needs? to|ought to) (be done|happen|change)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Recommendation();

    // "How long … (has to) be?" asks for a size; "how long does it take / last / can I keep it" for a time.
    [GeneratedRegex(@"\bhow long (is|are|was|were|should|must|does|do|can|will|would|has|have)\b(?!.*\b(take|takes|took|last|lasts|lasted|stay|stays|keep|wait|ago|remain|remains|valid)\b).*\bbe\W*$|\bwhat length\b|\bhow many (characters|digits|letters|words|pages|metres|meters|km|kilometres|miles)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Length();

    // "How long ago…?" is answered by a length of time too: "four years have passed since…".
    [GeneratedRegex(@"\bhow long\b|\bfor how (long|many (days|weeks|months|years))\b|\bhow many (days|weeks|months|years|hours|minutes)\b|\bhow far (ahead|in advance)\b|\bwhat (notice|period)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\W*(when\b|since when\b|until when\b|till when\b|by when\b)|\b(what|which|in what|in which) (year|month|date|day|time)\b|\bwhen (did|does|do|is|was|will|were|are|can|should|must)\b|\b(until|by|before) when\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"\bwhat (percentage|proportion|share|percent)\b|\bhow many per ?cent\b|\bby how much\b.*\b(rise|rose|raise|increase|fall|fell|cut)\w*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Percentage();

    [GeneratedRegex(@"\bhow much\b.*\b(cost|costs|costing|pay|paid|spend|spent|price|charge|worth|budget\w*|money|fund\w*|owe|earn|get|allowance|reimburs\w*|afford)\b|\b(cost|price|budget|bill|fee|allowance|rate|per diem|salary|amount|sum|funding|gap|price tag)\b.*\?*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    // "What is the town's population?" asks for a number as much as "how many people live there?".
    [GeneratedRegex(@"\bhow (many|much|tall|high|big|large|deep|wide|far|heavy|long|fast|old)\b|\bnumber of\b|\bwhat (amount|size|height|length|depth|area|quantity)\b|\bmax(imum)?\b|\bmin(imum)?\b|\bwhat (is|was|are|were) (the |its |their |his |her )?(\p{L}+['’]s )?(\p{L}+ )?" + QuestionFocus.QuantityNouns + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"^\W*(and |but |so )?why\b|\bfor what reason\b|\bwhat (caused|causes|led to|leads to|was the reason|is the reason|were the reasons|are the reasons)\b|\bhow come\b|\bwhat for\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reason();

    [GeneratedRegex(@"\b(which|what) (\w+ )?(company|companies|firm|organi[sz]ations?|agency|agencies|body|bodies|group|charity|insurer|bank|consultancy|institution|department|authority)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Organisation();

    [GeneratedRegex(@"\bwho (is|was|are|were) (the|a|an|their|its|his|her) (\w+ ){0,3}?(minister|president|leader|head|chair\w*|director|ceo|founder|author|owner|mayor|spokes\w+|secretary|manager|winner|captain|governor)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleHolder();

    [GeneratedRegex(@"\bthe name of\b|\bwhat (is|was) (the|his|her|its|their) name\b|\bcalled what\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProperName();

    [GeneratedRegex(@"^\W*(and |but |so )?(who|whom|whose)\b|\b(who|whom)\b|\b(which|what) (\w+ )?(person|people|leaders?|officials?|ministers?|members?|man|woman|chair\w*|head)\b|\bwhat (is|was) (the|his|her) name\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Person();

    [GeneratedRegex(@"^\W*(and |but |so )?(who|whom|whose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksWho();

    [GeneratedRegex(@"^\W*(and |but |so )?where\b|\bin which (city|country|place|town|region|area|street)\b|\bwhat (city|country|place|town|region|area|street)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Place();

    // "What key events have happened…?", "Which countries did…?": a plural asked for is several things. Names in an
    // enumeration may carry what the manifest's aliases add in brackets ("Lyon (France), Turin (Italy) and…").
    [GeneratedRegex(@"\b[\p{Lu}][\w.-]*( \([^)]*\))?, [\p{Lu}][\w.-]*( \([^)]*\))?,? and [\p{Lu}][\w-]*|^\W*(what|which|who) (are|were)\b|\b(list|enumerate|name (the|all|some))\b|\bwhat (kinds?|types?|sorts?) of\b|\bwhat (\w+ )?(things|items|parts|components|problems|obstacles|issues|challenges|steps|measures|examples|options|conditions|factors|reasons|expenses|costs)\b|\bwhat counts as\b|\bwhat (else )?(can|could|may) (i|we|you|one|they|members|visitors|staff) do\b|\b(main|key) (things|parts|points)\b|\b(all|each|every) (of )?(the )?\w+s\b|\bhow much each\b|^\W*(what|which)\s+(\p{L}+\s+)?\p{L}+[^siu\W]s\s+(have|has|are|were|did|do|does|can|could|should|will|would|must|happened|occurred)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex List();

    [GeneratedRegex(@"\bhow (do|can|should|would) (i|we|you|one|staff|employees)\b|\bhow to\b|\bwhat (do|should|must) (i|we|you) do\b|\bwhat now\b|\bwhat (are|is) the (steps|procedure|process)\b|\bwhat do i need to do\b|\bsteps (to|for)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Steps();
}
