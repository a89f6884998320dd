using System.Numerics.Tensors;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// The comparisons of one question's terms with the words of its candidate sentences, each worked out once: the same
/// term is looked for in the same passage's words for every sentence of that passage, and every word's vector would
/// otherwise be fetched from the shared cache (and its lock) once per comparison. Measured, that was most of the
/// answering's CPU under concurrent questions. One per question; not for concurrent use.
/// </summary>
internal sealed class TermLookup(TermVectors vectors)
{
    private readonly Dictionary<string, float[]?> _vectors = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Term, IReadOnlySet<string> Terms), bool> _matches = new(new SetKeyComparer());
    private readonly Dictionary<(string, string), bool> _related = [];
    private readonly Dictionary<(string, string), bool> _sameIdea = [];

    /// <summary>The term itself, or (for long words) a form one or two edits away: a typo the normalizer left.</summary>
    public bool Matches(string term, IReadOnlySet<string> terms)
    {
        if (terms.Contains(term))
        {
            return true;
        }

        if (term.Length < 5)
        {
            return false;
        }

        if (!_matches.TryGetValue((term, terms), out var found))
        {
            found = terms.Any(t => TermMatch.Related(term, t));
            _matches[(term, terms)] = found;
        }

        return found;
    }

    /// <summary><see cref="TermMatch.Related"/>, remembered.</summary>
    public bool Related(string term, string candidate)
    {
        if (!_related.TryGetValue((term, candidate), out var related))
        {
            related = TermMatch.Related(term, candidate);
            _related[(term, candidate)] = related;
        }

        return related;
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
            if (Same(word, vector, other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether two words read as the same idea.</summary>
    public bool SameIdea(string word, string other) => Vector(word) is { } vector && Same(word, vector, other);

    private bool Same(string word, float[] vector, string other)
    {
        if (!_sameIdea.TryGetValue((word, other), out var same))
        {
            same = Vector(other) is { } candidate && TensorPrimitives.Dot(vector, candidate) >= TermVectors.SameIdea;
            _sameIdea[(word, other)] = same;
        }

        return same;
    }

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
