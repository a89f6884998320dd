namespace ChatBot.Knowledge.Index;

/// <summary>Rules every store follows for hybrid search, so that stores rank alike.</summary>
public static class HybridSearch
{
    /// <summary>How many candidates each ranking (dense, keyword) contributes to fusion for a query asking for
    /// <paramref name="top"/> results: enough that a passage ranked well by only one method still takes part.</summary>
    public static int CandidateCount(int top) => Math.Max(top * 4, 20);
}
