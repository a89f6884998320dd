using System.Globalization;
using System.Threading.RateLimiting;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>The Retry-After value (whole seconds, at least 1) for a refused rate-limit lease, from the wait the limiter
/// reports, or <c>fallback</c> when it reports none.</summary>
internal static class RetryAfterHeader
{
    public static string From(RateLimitLease lease, TimeSpan fallback)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var reported) ? reported : fallback;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }
}
