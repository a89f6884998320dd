using System.Text.RegularExpressions;
using ChatBot.Answering.Questions;

namespace ChatBot.Answering.Extractive;

/// <summary>Tells whether a sentence contains the kind of fact a question asks for: a date for "when", a number for "how
/// many", a name for "who", a place for "where", a cause for "why".</summary>
public static partial class AnswerCues
{
    public static bool Contains(AnswerType type, string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return type switch
        {
            AnswerType.Date => Date().IsMatch(sentence),
            AnswerType.Number => Number().IsMatch(sentence),
            AnswerType.Person => Person().IsMatch(sentence),
            AnswerType.Place => Place().IsMatch(sentence),
            AnswerType.Reason => Reason().IsMatch(sentence),
            AnswerType.Recommendation => Recommendation().IsMatch(sentence),
            _ => false,
        };
    }

    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?\s*\d{1,4}|\b(in|since|until|by|from|before|after|during|of|ahead of)\s+(early |late |mid-)?(January |February |March |April |May |June |July |August |September |October |November |December )?(1[89]|20)\d{2}s?\b|\b(1[89]|20)\d{2}\b|\b(yesterday|today|last (year|month|week)|this (year|month))\b")]
    private static partial Regex Date();

    // Years and days of the month are dates, not counts; "one" is too common ("one of the concerns") to signal a count.
    [GeneratedRegex(@"(?<!\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s)\b(?!(1[89]|20)\d{2}\b)\d[\d,.]*\b%?|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozens?|several)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<=\S\s+)\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+|\b(President|Prime Minister|Minister|officials|leaders?|citizens)\b")]
    private static partial Regex Person();

    [GeneratedRegex(@"\b(should|must|need to|needs to|would need|ought to|could (help|build|foster|support)|may help|might help|recommend\w*|it is (essential|necessary|important|vital)|it would be|is needed|are needed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Recommendation();

    [GeneratedRegex(@"\b(in|at|to|from|near|across)\s+(the\s+)?\p{Lu}\p{Ll}+")]
    private static partial Regex Place();

    [GeneratedRegex(@"\b(due to|because|as a result|owing to|led to|leading to|caused|causing|since|citing|in order to|so that|thanks to|given|diminished|focus on|resulted in|result of|driven by)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reason();
}
