using System.Collections.Frozen;
using System.Globalization;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>
/// Whether a question is written in English, from language knowledge only: the script of its letters (Cyrillic,
/// Armenian, Greek, Arabic, Han… are not English), letters English does not use (ə, ş, ğ, ı, ß…), and its
/// function words, English against those of the languages most often mistaken for it in Latin script. Names and
/// typos in an English question do not make it foreign: only function words count.
/// </summary>
public static class QuestionLanguage
{
    /// <summary>Share of non-Latin letters above which a question is in another script.</summary>
    private const double ForeignScriptShare = 0.3;

    // The commonest function and question words of French, Spanish, Portuguese, Italian, German, Dutch, Turkish and
    // Azerbaijani; those that are English function words too ("do", "a") do not count.
    private static readonly FrozenSet<string> OtherFunctionWords = new[]
    {
        "le", "la", "les", "des", "du", "est", "une", "et", "que", "qui", "pour", "dans", "avec", "quand", "quel", "quelle", "comment", "pourquoi", "où", "sont", "été", "ont", "ce", "cette", "il", "elle", "ils", "au", "aux", "sur", "pas",
        "el", "los", "las", "es", "una", "por", "para", "cuando", "cómo", "qué", "dónde", "quién", "y", "del", "con", "fue", "son", "su", "se",
        "o", "os", "um", "uma", "não", "quem", "quando", "onde", "porque", "foi", "da", "do", "dos", "das", "em",
        "di", "che", "il", "gli", "perché", "chi", "è", "sono",
        "der", "die", "das", "ist", "und", "wann", "wie", "warum", "wer", "nicht", "ein", "eine", "mit", "von", "den", "dem", "wurde", "sind", "auf",
        "het", "een", "wat", "wanneer", "waarom", "hoe", "niet", "zijn", "werd", "van",
        "ve", "bir", "ne", "neden", "nasıl", "mı", "mi", "mu", "için", "ile", "kim", "zaman", "hangi",
        "və", "nə", "niyə", "necə", "vaxt", "üçün", "ilə", "hansı", "edib", "olub",
    }.Distinct(StringComparer.Ordinal).Where(w => !TermTokenizer.IsStopWord(w)).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsEnglish(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int letters = 0, foreignScript = 0, foreignLetters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            // Latin ends with the IPA block, which holds Azerbaijani's ə.
            if (c > '\u02AF')
            {
                foreignScript++;
            }
            else if (c > '\u007f' && !IsEnglishLoanLetter(c))
            {
                foreignLetters++;
            }
        }

        if (letters == 0)
        {
            return true;
        }

        if (foreignScript > ForeignScriptShare * letters)
        {
            return false;
        }

        var words = TermTokenizer.Words(text).Select(w => w.ToLower(CultureInfo.InvariantCulture)).ToList();
        var english = words.Count(TermTokenizer.IsStopWord);
        var other = words.Count(OtherFunctionWords.Contains);
        return other <= english && !(foreignLetters > 0 && other > 0);
    }

    /// <summary>Accented letters English text carries in borrowed words and names ("café", "naïve", "Gómez").</summary>
    private static bool IsEnglishLoanLetter(char c) => "éèêëáàâäíìîïóòôöúùûüçñ".Contains(char.ToLowerInvariant(c), StringComparison.Ordinal);
}
