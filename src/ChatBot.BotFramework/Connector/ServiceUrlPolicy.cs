using System.Net;
using ChatBot.BotFramework.Authentication;

namespace ChatBot.BotFramework.Connector;

/// <summary>
/// Decides whether the bot may send replies to an activity's serviceUrl. With an app id, activities are authenticated
/// and the token binds the serviceUrl; without one, anyone can post an activity, so replies go only to loopback or to
/// hosts the configuration names, never to wherever an unauthenticated caller points.
/// </summary>
public sealed class ServiceUrlPolicy(BotFrameworkOptions options, BotAuthenticationOptions authentication)
{
    public const int MaxLength = 2048;

    public bool IsAllowed(string? serviceUrl, out string reason)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            reason = "serviceUrl must be an absolute http or https URL";
            return false;
        }

        // The connector path is appended to the serviceUrl: with a query or fragment it would land there instead, and
        // user-info would send credentials the channel never gave.
        if (serviceUrl!.Length > MaxLength || uri.UserInfo.Length > 0
            || serviceUrl.Contains('?', StringComparison.Ordinal) || serviceUrl.Contains('#', StringComparison.Ordinal))
        {
            reason = $"serviceUrl must be a plain base URL of at most {MaxLength} characters, without query, fragment or user-info";
            return false;
        }

        if (authentication.IsEnabled || uri.IsLoopback || IsLoopbackAddress(uri.Host)
            || options.AllowedServiceUrlHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            reason = string.Empty;
            return true;
        }

        reason = $"replies to '{uri.Host}' are not allowed without authentication; without MicrosoftAppId only loopback " +
            "service URLs (or BotFramework:AllowedServiceUrlHosts) are used";
        return false;
    }

    private static bool IsLoopbackAddress(string host) => IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}
