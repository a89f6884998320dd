using System.ComponentModel.DataAnnotations;

namespace ChatBot.Answering.Generative;

/// <summary>Which language model writes the answers, if any.</summary>
public enum LlmProvider
{
    /// <summary>No model: answers quote the documents (the default).</summary>
    None,

    /// <summary>OpenAI, or any server that speaks its chat completions API (<see cref="LlmOptions.Endpoint"/> its base URL).</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource; <see cref="LlmOptions.Model"/> is the deployment name.</summary>
    AzureOpenAI,

    /// <summary>A local Ollama server.</summary>
    Ollama,
}

/// <summary>The language model that writes answers from the retrieved passages (section <c>Llm</c>).</summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string Section = "Llm";

    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>Base URL: for OpenAI any compatible server (e.g. <c>http://127.0.0.1:8080/v1</c>; empty for OpenAI's own),
    /// the Azure OpenAI resource, or the Ollama server (empty for <c>http://localhost:11434</c>).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The model name, or the deployment name on Azure OpenAI.</summary>
    public string Model { get; set; } = "";

    /// <summary>The API key (OpenAI, Azure OpenAI). Never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The whole budget of one answer's model call, retries included; past it the extractive answer is sent.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 20;

    [Range(16, 16_384)]
    public int MaxOutputTokens { get; set; } = 600;

    [Range(0.0, 2.0)]
    public double Temperature { get; set; }

    public bool Enabled => Provider != LlmProvider.None;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Model.Length == 0)
        {
            yield return new ValidationResult($"Llm:Model is required with Llm:Provider {Provider} (the {(Provider == LlmProvider.AzureOpenAI ? "deployment" : "model")} name).", [nameof(Model)]);
        }

        if (Endpoint.Length > 0 && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Llm:Endpoint must be an absolute http or https URL; '{Endpoint}' is not.", [nameof(Endpoint)]);
        }

        if (Provider == LlmProvider.AzureOpenAI && Endpoint.Length == 0)
        {
            yield return new ValidationResult("Llm:Endpoint is required with Llm:Provider AzureOpenAI (https://<resource>.openai.azure.com/).", [nameof(Endpoint)]);
        }

        if (Provider is LlmProvider.AzureOpenAI && ApiKey.Length == 0)
        {
            yield return new ValidationResult("Llm:ApiKey is required with Llm:Provider AzureOpenAI.", [nameof(ApiKey)]);
        }

        if (Provider == LlmProvider.OpenAI && Endpoint.Length == 0 && ApiKey.Length == 0)
        {
            yield return new ValidationResult("Llm:ApiKey is required for OpenAI's own service (set Llm:Endpoint for a compatible server that needs none).", [nameof(ApiKey)]);
        }
    }
}
