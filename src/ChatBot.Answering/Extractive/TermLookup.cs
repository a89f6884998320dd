using System.Numerics.Tensors;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// The comparisons of one question's terms with the words of its candidate sentences, each worked out once: the same
/// term is looked for in the same passage's words for every sentence of that passage, and every word's vector would
/// otherwise be fetched from the shared cache once per comparison. (Remembering each word pair's similarity too cost
/// more in allocation than the dot products it saved.) One per question; not for concurrent use.
/// </summary>
internal sealed class TermLookup(TermVectors vectors)
{
    private readonly Dictionary<string, float[]?> _vectors = new(256, StringComparer.Ordinal);
    private (IReadOnlyList<KeyTerm> Keys, HashSet<string> Terms)? _asked;
    private readonly Dictionary<(string Term, IReadOnlySet<string> Terms), bool> _matches = new(new SetKeyComparer());

    /// <summary>The term itself, or (for long words) a form one or two edits away: a typo the normalizer left.</summary>
    /// <param name="shared">True for a set many sentences share (a heading's, a passage's), whose answer is remembered;
    /// a sentence's own set is looked at once.</param>
    public bool Matches(string term, IReadOnlySet<string> terms, bool shared = false)
    {
        if (terms.Contains(term))
        {
            return true;
        }

        if (term.Length < 5)
        {
            return false;
        }

        if (!shared)
        {
            return Related(term, terms);
        }

        if (!_matches.TryGetValue((term, terms), out var found))
        {
            found = Related(term, terms);
            _matches[(term, terms)] = found;
        }

        return found;
    }

    private static bool Related(string term, IReadOnlySet<string> terms)
    {
        foreach (var candidate in terms)
        {
            if (TermMatch.Related(term, candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The terms the question itself asks with (not those carried from the conversation).</summary>
    public HashSet<string> Asked(IReadOnlyList<KeyTerm> keys)
    {
        if (_asked is not { } asked || !ReferenceEquals(asked.Keys, keys))
        {
            asked = (keys, keys.Where(k => !k.Carried).Select(k => k.Term).ToHashSet(StringComparer.Ordinal));
            _asked = asked;
        }

        return asked.Terms;
    }

    /// <summary>Whether <paramref name="word"/> and one of <paramref name="others"/> read as the same idea
    /// (<see cref="TermVectors.SameIdea"/>; never when a vector is not prepared).</summary>
    public bool SameIdea(string word, IEnumerable<string> others)
    {
        if (Vector(word) is not { } vector)
        {
            return false;
        }

        foreach (var other in others)
        {
            if (Same(vector, other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether two words read as the same idea.</summary>
    public bool SameIdea(string word, string other) => Vector(word) is { } vector && Same(vector, other);

    private bool Same(float[] vector, string other) => Vector(other) is { } candidate && TensorPrimitives.Dot(vector, candidate) >= TermVectors.SameIdea;

    private float[]? Vector(string word)
    {
        if (!_vectors.TryGetValue(word, out var vector))
        {
            vector = vectors.Find(word);
            _vectors[word] = vector;
        }

        return vector;
    }

    /// <summary>A term and a set of terms, the set by identity: a passage's sets are shared by its sentences.</summary>
    private sealed class SetKeyComparer : IEqualityComparer<(string Term, IReadOnlySet<string> Terms)>
    {
        public bool Equals((string Term, IReadOnlySet<string> Terms) x, (string Term, IReadOnlySet<string> Terms) y) =>
            ReferenceEquals(x.Terms, y.Terms) && string.Equals(x.Term, y.Term, StringComparison.Ordinal);

        public int GetHashCode((string Term, IReadOnlySet<string> Terms) obj) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Term), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Terms));
    }
}
