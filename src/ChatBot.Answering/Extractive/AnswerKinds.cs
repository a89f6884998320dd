using System.Text.RegularExpressions;
using ChatBot.Answering.Questions;

namespace ChatBot.Answering.Extractive;

/// <summary>Tells whether a sentence holds the kind of fact a question asks for: a date for "when", an amount of money
/// for "how much does it cost", a name or a role for "who". English language knowledge only: month names, units,
/// currency signs, titles and the words that name roles and organisations.</summary>
public static partial class AnswerKinds
{
    public static bool Has(AnswerType type, string sentence) => Spans(type, sentence).Any();

    /// <summary>Where in <paramref name="sentence"/> the facts of the kind <paramref name="type"/> asks for stand.</summary>
    public static IEnumerable<Match> Spans(AnswerType type, string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (type == AnswerType.PersonName)
        {
            // Capitalised words inside an organisation's name ("Department of Health and Social Care") are not a
            // person's name.
            var organisations = Organisation().Matches(sentence).ToList();
            return Titled().Matches(sentence).Concat(PersonalName().Matches(sentence)
                .Where(name => !organisations.Any(o => name.Index >= o.Index && name.Index + name.Length <= o.Index + o.Length)));
        }

        IEnumerable<Regex> patterns = type switch
        {
            AnswerType.Date => [Date()],
            AnswerType.Duration => [Duration(), Length()],
            AnswerType.Length => [Length(), Size()],
            AnswerType.Number => [Number()],
            AnswerType.Money => [Money()],
            AnswerType.Percentage => [Percentage()],
            AnswerType.ProperName => [Titled(), PersonalName(), Organisation(), Agent()],
            AnswerType.Person => [Titled(), Role(), PersonalName(), Organisation(), Agent()],
            AnswerType.Organisation => [Organisation(), Acronym(), PersonalName(), Agent()],
            AnswerType.Place => [Place()],
            AnswerType.Reason => [Reason()],
            AnswerType.Recommendation => [Recommendation()],
            _ => [],
        };
        return patterns.SelectMany(p => p.Matches(sentence));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Rates = new(StringComparer.Ordinal);

    /// <summary>For a question asking how many of a unit per period ("How many days a week…?", "how many times per
    /// year…"), what a sentence must say to answer it: a number of that unit per that period; null for other questions.
    /// At most a few hundred patterns are kept (one per unit and period asked about).</summary>
    public static Regex? RateAsked(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (RateQuestion().Match(question) is not { Success: true } asked)
        {
            return null;
        }

        var key = asked.Groups["unit"].Value.ToLowerInvariant() + "|" + asked.Groups["period"].Value.ToLowerInvariant();
        if (Rates.Count > 500)
        {
            Rates.Clear();
        }

        return Rates.GetOrAdd(key, k =>
        {
            var parts = k.Split('|');
            var unit = Regex.Escape(parts[0].TrimEnd('s'));
            var period = Regex.Escape(parts[1]);
            return new Regex(@"\b(" + NumberWord + @")(\s|-)(\w+\s)?" + unit + @"s?\s+(a|an|per|each|every)\s+" + period + @"\b",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        });
    }

    [GeneratedRegex(@"\bhow many\s+(?<unit>\p{L}+)\s+(a|an|per|each|every)\s+(?<period>day|week|fortnight|month|quarter|term|semester|year|night|shift|hour)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RateQuestion();

    /// <summary>True for the types whose absence from a sentence means the sentence cannot be the answer: a "when"
    /// question is not answered by a sentence without a date. Reasons, places and recommendations are often worded
    /// without a marker, so their absence only weighs against a sentence.</summary>
    public static bool IsStrict(AnswerType type) =>
        type is AnswerType.Date or AnswerType.Duration or AnswerType.Length or AnswerType.Number or AnswerType.Money or AnswerType.Percentage or AnswerType.Person
            or AnswerType.ProperName or AnswerType.PersonName;

    private const string Months = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec";

    [GeneratedRegex(@"\b(" + Months + @")\b\.?\s*\d{1,4}|\b\d{1,2}(st|nd|rd|th)?\s+(" + Months + @")\b|\b(1[6-9]|20)\d{2}s?\b|\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(a\.m\.|p\.m\.|am|pm)\b|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow)\b|\b(in|by|from|until|since|before|after|during) (early |late |mid-)?(" + Months + @"|spring|summer|autumn|winter)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    // Who did it, said in a compound: "a Russia-brokered ceasefire", "an EU-funded project", "US-led talks".
    [GeneratedRegex(@"\b\p{Lu}[\p{L}.]*-\p{Ll}+ed\b")]
    private static partial Regex Agent();

    private const string NumberWord = @"\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|several|few";

    [GeneratedRegex(@"\b(" + NumberWord + @")(\s|-)(\w+\s)?(seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|nights?|shifts?|winters?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    // "How long" also asks for a length: "at least 14 characters long".
    [GeneratedRegex(@"\b\d[\d,.]*\s+\p{L}+\s+(long|in length)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Length();

    // Years and days of the month are dates, not counts.
    [GeneratedRegex(@"(?<!\b(" + Months + @")\.?\s)\b(?!(1[6-9]|20)\d{2}\b)\d[\d,.]*\b%?|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|hundreds|thousand|thousands|million|millions|billion|dozens?|several|half|double|twice)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"\b\d[\d,.]*\s?(characters?|digits?|letters?|words?|pages?|lines?|km|kilomet(re|er)s?|m|metres?|meters?|cm|centimet(re|er)s?|mm|millimet(re|er)s?|miles?|feet|foot|ft|inches|inch|yards?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Size();

    [GeneratedRegex(@"[£$€¥₹]\s?\d|\d[\d,.]*\s?(k|m|bn)?\s?(euros?|dollars?|pounds?|pence|cents?|EUR|USD|GBP|CHF|yen|francs?)\b|\b(EUR|USD|GBP|CHF)\s?\d", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    [GeneratedRegex(@"\d\s?%|\b(per ?cent|percent|percentage|half|a third|a quarter|two thirds|three quarters)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Percentage();

    [GeneratedRegex(@"\b(Mr|Mrs|Ms|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Cllr|Councillor|President|Minister|Senator|Judge|Mayor|Chancellor|King|Queen|Prince|Princess|Rev|Gen|General|Captain|Chief)\b\.?\s+\p{Lu}")]
    private static partial Regex Titled();

    // Roles answer "who" questions in policies and procedures ("Your line manager approves…").
    [GeneratedRegex(@"\b(manager|director|head|leader|chair(man|woman|person)?|officer|president|minister|secretary|executive|board|committee|panel|team|desk|department|council|owner|supervisor|administrator|representative|spokes(man|woman|person)|staff|employer)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Role();

    // Two or three capitalised words not opening the sentence: how personal names are written. Opening it, they are a
    // name when said of someone: followed by an apposition or a verb of saying ("Ana Reyes, the director, said…").
    [GeneratedRegex(@"(?<=[\p{L}\p{N},;:]\s+)\p{Lu}\p{Ll}+(\s+\p{Lu}\.)?\s+\p{Lu}\p{Ll}+|^\W*(?!(The|A|An|In|On|At|By|For|From|To|Of|With|After|Before|During|Since|Until|This|That|These|Those|Our|Your|Their|Its|His|Her|Every|Each|All|Some|No)\b)\p{Lu}\p{Ll}+(\s+\p{Lu}\.)?\s+\p{Lu}\p{Ll}+(?=\s*,|\s+(said|says|told|tells|wrote|writes|argued|argues|added|adds|explained|explains|warned|warns|believes|thinks)\b)")]
    private static partial Regex PersonalName();

    // "Regional Water Agency", "the Department of Health and Social Care", "Smith & Jones".
    [GeneratedRegex(@"\p{Lu}[\p{L}&'.-]*(\s+(of|and|for|&)?\s*\p{Lu}[\p{L}'.-]*)*\s+(Council|Ministry|Agency|Trust|Association|Fund|University|College|Company|Corporation|Consultancy|Mutual|Insurance|Bank|Group|Board|Committee|Department|Office|Desk|Authority|Commission|Institute|Foundation|Society|Union|Cooperative|Partners|Holdings|Ltd|Inc|plc|LLC|GmbH)\b(\s+(of|for)\s+(the\s+)?\p{Lu}[\p{L}'.-]*(\s+(of|and|for|&)?\s*\p{Lu}[\p{L}'.-]*)*)?|\p{Lu}\p{Ll}+\s+&\s+\p{Lu}\p{Ll}+|\b(Council|Ministry|Agency|Trust|Association|Fund|University|College|Bank|Board|Committee|Department|Office|Authority|Commission|Institute|Foundation|Society|Union)\s+(of|for)\s+(the\s+)?\p{Lu}[\p{L}'.-]*(\s+(of|and|for|&)?\s*\p{Lu}[\p{L}'.-]*)*")]
    private static partial Regex Organisation();

    [GeneratedRegex(@"\b\p{Lu}{2,}\d*\b")]
    private static partial Regex Acronym();

    [GeneratedRegex(@"\b(in|at|to|from|near|across|along|outside|inside)\s+(the\s+)?\p{Lu}\p{Ll}+|\b\p{Lu}\p{Ll}+\s+(Road|Street|St|Lane|Avenue|Square|Bridge|River|Marsh|Park|Hill|Bay|Harbour|Port|City|County|Province|Region)\b")]
    private static partial Regex Place();

    [GeneratedRegex(@"\b(because|due to|as a result|owing to|thanks to|since|so that|in order to|so as to|led to|leads to|leading to|caused|causes|causing|result(ed|s)? in|the reason|reasons?|why|arguing|argues|argued|warn(s|ed|ing)?|fear(s|ed)?|concerns?|otherwise|therefore|thus|hence|given that|for fear)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reason();

    [GeneratedRegex(@"\b(should|must|need to|needs to|ought to|recommend\w*|suggest\w*|propos\w*|advis\w*|urge[sd]?|call(s|ed)? for|it is (essential|necessary|important|vital))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Recommendation();
}
