using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OllamaSharp;
using OpenAI;

namespace ChatBot.Answering.Generative;

/// <summary>The Semantic Kernel chat completion service of the configured provider, calling through the resilient HTTP
/// client of <see cref="LlmResilience"/>: the SDKs' own retries are off, so a call is retried in one place only.</summary>
public static class LlmChatServices
{

    /// <summary>How a model call fails (status, transport, malformed reply) as opposed to a bug of ours: what the
    /// answer and the question rewrite fall back on.</summary>
    public static bool IsCallFailure(Exception exception) =>
        exception is Microsoft.SemanticKernel.HttpOperationException or ClientResultException or HttpRequestException or InvalidOperationException
            or System.Text.Json.JsonException or Polly.ExecutionRejectedException
        || exception.InnerException is Polly.ExecutionRejectedException;

    /// <summary>The settings of a call that writes for the user (an answer, its translation): the configured temperature
    /// and output budget.</summary>
    public static Microsoft.SemanticKernel.PromptExecutionSettings AnswerSettings(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new() { ExtensionData = new Dictionary<string, object> { ["temperature"] = options.Temperature, ["max_tokens"] = options.MaxOutputTokens } };
    }

    /// <summary>The reply as the model streams it, each piece passed to <paramref name="delta"/> as it arrives and every
    /// chunk shown to <paramref name="chunkSeen"/> (its metadata carries the token use).</summary>
    public static async Task<string> StreamAsync(
        IChatCompletionService chat, ChatHistory prompt, Microsoft.SemanticKernel.PromptExecutionSettings settings, TextDelta delta,
        Action<Microsoft.SemanticKernel.StreamingChatMessageContent>? chunkSeen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(delta);
        var reply = new System.Text.StringBuilder();
        await foreach (var chunk in chat.GetStreamingChatMessageContentsAsync(prompt, settings, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(chunk.Content))
            {
                reply.Append(chunk.Content);
                await delta(chunk.Content, cancellationToken).ConfigureAwait(false);
            }

            chunkSeen?.Invoke(chunk);
        }

        return reply.ToString();
    }

    /// <param name="http">The client every call goes through (retries, timeouts, circuit breaker).</param>
    public static IChatCompletionService Create(LlmOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var transport = new HttpClientPipelineTransport(http);
        switch (options.Provider)
        {
            case LlmProvider.OpenAI:
                var openAi = new OpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout, Transport = transport };
                if (options.Endpoint.Length > 0)
                {
                    openAi.Endpoint = new Uri(options.Endpoint);
                }

                // A compatible local server may take no key; the client requires one.
                var key = new ApiKeyCredential(options.ApiKey.Length > 0 ? options.ApiKey : "none");
                return new OpenAIChatCompletionService(options.Model, new OpenAIClient(key, openAi));
            case LlmProvider.AzureOpenAI:
                var azure = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout, Transport = transport };
                return new AzureOpenAIChatCompletionService(options.Model, new AzureOpenAIClient(new Uri(options.Endpoint), new ApiKeyCredential(options.ApiKey), azure));
            case LlmProvider.Ollama:
                http.BaseAddress = new Uri(options.Endpoint.Length > 0 ? options.Endpoint : "http://localhost:11434");
                IChatClient ollama = new OllamaApiClient(http, options.Model);
                return ollama.AsChatCompletionService();
            default:
                throw new InvalidOperationException("No language model is configured (Llm:Provider None).");
        }
    }
}
