namespace ChatBot.BotFramework.Authentication;

/// <summary>
/// Credentials and identity endpoints, under the Bot Framework SDK's own setting names (bound from the configuration
/// root), so Azure Bot Service instructions apply as written and tests can point the URLs at a local identity provider.
/// </summary>
public sealed class BotAuthenticationOptions
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";

    /// <summary>The bot's app id. Empty: no authentication (Emulator on this machine only).</summary>
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary><c>MultiTenant</c> (default), <c>SingleTenant</c> or <c>UserAssignedMSI</c>.</summary>
    public string? MicrosoftAppType { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string ToBotFromEmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Where outgoing tokens come from; defaults to the botframework.com tenant, or the bot's tenant when single-tenant.</summary>
    public string? ToChannelFromBotLoginUrl { get; set; }

    public string ToChannelFromBotOAuthScope { get; set; } = "https://api.botframework.com";

    /// <summary>The managed-identity token endpoint (Azure's instance metadata service) for <c>UserAssignedMSI</c>.</summary>
    public string ManagedIdentityEndpoint { get; set; } = "http://169.254.169.254/metadata/identity/oauth2/token";

    /// <summary>The identity endpoint Azure Container Apps and App Service give a managed identity (their
    /// <c>IDENTITY_ENDPOINT</c> variable); when set, tokens come from it, with <see cref="IdentityHeader"/>, instead of
    /// from <see cref="ManagedIdentityEndpoint"/>, which those hosts do not serve.</summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("IDENTITY_ENDPOINT")]
    public string? IdentityEndpoint { get; set; }

    /// <summary>The secret those hosts require with every identity request (<c>IDENTITY_HEADER</c>).</summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("IDENTITY_HEADER")]
    public string? IdentityHeader { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    public string AppType => string.IsNullOrWhiteSpace(MicrosoftAppType) ? MultiTenant : MicrosoftAppType;

    public string LoginUrl => (ToChannelFromBotLoginUrl
        ?? (string.Equals(AppType, SingleTenant, StringComparison.OrdinalIgnoreCase)
            ? $"https://login.microsoftonline.com/{MicrosoftAppTenantId}"
            : "https://login.microsoftonline.com/botframework.com")).TrimEnd('/');

    /// <summary>What is wrong with the settings, or null when they are usable.</summary>
    public string? Problem()
    {
        if (!IsEnabled)
        {
            return null;
        }

        if (string.Equals(AppType, UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? "UserAssignedMSI needs MicrosoftAppTenantId."
                : !string.IsNullOrEmpty(MicrosoftAppPassword) ? "UserAssignedMSI takes no MicrosoftAppPassword."
                : null;
        }

        if (!string.Equals(AppType, MultiTenant, StringComparison.OrdinalIgnoreCase) && !string.Equals(AppType, SingleTenant, StringComparison.OrdinalIgnoreCase))
        {
            return $"MicrosoftAppType '{MicrosoftAppType}' is not MultiTenant, SingleTenant or UserAssignedMSI.";
        }

        return string.IsNullOrEmpty(MicrosoftAppPassword) ? "MicrosoftAppPassword is required with MicrosoftAppId."
            : string.Equals(AppType, SingleTenant, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
                ? "SingleTenant needs MicrosoftAppTenantId."
            : null;
    }
}
