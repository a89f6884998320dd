using Grpc.Core;
using Qdrant.Client.Grpc;

namespace ChatBot.QdrantDouble;

/// <summary>
/// A Qdrant filter made ready to test points: must, must_not and should clauses over id lists, keyword matches and
/// nested filters. Id lists become key sets once per request, not once per point tested: deleting a document's stale
/// passages ("this document, but not these ids") tested every id of the list against every point.
/// </summary>
internal static class DoubleFilter
{
    public static Func<StoredPoint, bool> Compile(Filter? filter)
    {
        if (filter is null)
        {
            return static _ => true;
        }

        var must = filter.Must.Select(Compile).ToList();
        var mustNot = filter.MustNot.Select(Compile).ToList();
        var should = filter.Should.Select(Compile).ToList();
        return point => must.TrueForAll(c => c(point)) && !mustNot.Exists(c => c(point)) && (should.Count == 0 || should.Exists(c => c(point)));
    }

    /// <summary>The points the filter lets through, in their order; all of them without a filter.</summary>
    public static IReadOnlyList<StoredPoint> Apply(IReadOnlyList<StoredPoint> points, Filter? filter) =>
        filter is null ? points : [.. points.Where(Compile(filter))];

    /// <summary>The keyword a filter's must clause requires of a field, if it has one: the candidates a payload index
    /// narrows the filter to before it is tested.</summary>
    public static IEnumerable<(string Field, string Keyword)> RequiredKeywords(Filter? filter) =>
        filter?.Must
            .Where(c => c.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.Field && c.Field.Match?.MatchValueCase == Match.MatchValueOneofCase.Keyword)
            .Select(c => (c.Field.Key, c.Field.Match.Keyword)) ?? [];

    private static Func<StoredPoint, bool> Compile(Condition condition)
    {
        switch (condition.ConditionOneOfCase)
        {
            case Condition.ConditionOneOfOneofCase.HasId:
                var keys = condition.HasId.HasId.Select(DoubleCollection.KeyOf).ToHashSet(StringComparer.Ordinal);
                return point => keys.Contains(point.Key);
            case Condition.ConditionOneOfOneofCase.Filter:
                return Compile(condition.Filter);
            case Condition.ConditionOneOfOneofCase.Field when condition.Field.Match is { MatchValueCase: Match.MatchValueOneofCase.Keyword } match:
                var field = condition.Field.Key;
                var keyword = match.Keyword;
                return point => point.Payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == keyword;
            default:
                throw new RpcException(new Status(StatusCode.Unimplemented, $"The Qdrant test double does not implement this condition: {condition}"));
        }
    }
}
