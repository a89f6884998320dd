using System.Text.RegularExpressions;

namespace ChatBot.Answering.Questions;

/// <summary>
/// Recognises messages that try to change the bot's task instead of asking about the article: instructions to ignore
/// its rules, to adopt a persona, to reveal its prompt, or to produce creative or unrelated work. These are declined the
/// same way as questions the article does not cover.
/// </summary>
public static partial class TaskChangeGuard
{
    public static bool IsTaskChange(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Override().IsMatch(message) || Persona().IsMatch(message) || Prompt().IsMatch(message) || Produce().IsMatch(message)
            || Restyle().IsMatch(message);
    }

    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass|skip)\b.{0,40}\b(instructions?|prompts?|rules?|guidelines?|previous|above|earlier|context|restrictions?|constraints?|system)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Override();

    // "Act as…" is an instruction only when addressed to the bot ("Act as a pirate", "Please act as…"); "Did Russia act
    // as a mediator?" is a question.
    [GeneratedRegex(@"\b(you are now|you('re| are) (going to )?(be|act as) |pretend( to be| you are)?|role-?play|from now on|new persona|jailbreak|developer mode|do anything now|simulate being)\b|(^|[.!:;]\s*)(please\s+|now\s+)?(act|behave|speak|respond) as\b|\b(can|could|will|would) you (please )?(act|behave|speak) as\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Persona();

    [GeneratedRegex(@"\b(system prompt|your (instructions|prompt|rules|configuration|guidelines)|(reveal|show|print|repeat|output) (me )?(your|the) (prompt|instructions))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prompt();

    // "…the article as a rap song", "…in the style of Shakespeare": a request to perform, not to be informed.
    [GeneratedRegex(@"\bas an? (\w+ )?(poem|song|rap|haiku|limerick|story|joke|sonnet|tweet|ballad|screenplay)\b|\bin the (style|voice) of\b|\b(rhyme|rhyming)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Restyle();

    [GeneratedRegex(@"\b(write|compose|create|generate|draft|sing|produce|craft|make up)\b(?:\s+\w+){0,4}?\s+(an?\s+|some\s+|the\s+)?(\w+\s+)?(poems?|songs?|story|stories|essays?|jokes?|limericks?|haikus?|raps?|lyrics|code|scripts?|programs?|functions?|emails?|letters?|recipes?|tweets?|sonnets?|ballads?|novels?|screenplays?|fan ?fiction)\b|\btell (me |us )?(an? )?(joke|riddle)|\btranslate\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Produce();
}
