using System.ClientModel;
using ChatBot.Answering.Questions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatBot.Answering.Generative;

/// <summary>
/// Writes the answer with the configured language model (a Semantic Kernel chat completion service) from the passages
/// the pipeline retrieved, and sends it only as far as <see cref="CitationVerifier"/> finds it supported. A timeout
/// (<see cref="LlmOptions.TimeoutSeconds"/>, retries included), an error, an empty reply, a refusal while the documents do
/// cover the question, or nothing verified: the quoted answer is sent instead, in time. Every fallback is logged with
/// its reason and counted (<c>chatbot.llm.fallbacks</c>). A question in another language is answered through the
/// English question the rewriter wrote for the search, verified in English, then translated (<see cref="AnswerTranslator"/>).
/// </summary>
public sealed partial class LlmAnswerWriter(
    IChatCompletionService chat,
    CitationVerifier verifier,
    AnswerTranslator translator,
    LlmCallHealth health,
    LlmOptions options,
    TimeProvider time,
    ILogger<LlmAnswerWriter> logger) : IAnswerWriter
{
    public bool Streams => true;

    public async Task<Answer> WriteAsync(AnswerDraft draft, TextDelta? delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        using var span = AnsweringTelemetry.Source.StartActivity("llm");
        var started = time.GetTimestamp();
        var foreign = draft.SearchQuestion is not null && !QuestionLanguage.IsEnglish(draft.Question);
        string reply;
        try
        {
            var settings = LlmChatServices.AnswerSettings(options);
            var prompt = GroundedPrompt.Build(foreign ? draft.SearchQuestion! : draft.Question, draft.History, draft.Passages);
            string usage;

            // An answer on its way to translation is not shown: the translation is streamed instead.
            if (delta is null || foreign)
            {
                var message = await chat.GetChatMessageContentAsync(prompt, settings, cancellationToken: budget.Token).ConfigureAwait(false);
                reply = message.Content?.Trim() ?? "";
                usage = Usage(message.Metadata);
            }
            else
            {
                (reply, usage) = await StreamAsync(prompt, settings, delta, budget.Token).ConfigureAwait(false);
            }

            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogUsage(logger, options.Model, usage, elapsed);
            health.Succeeded();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            health.Failed("timeout");
            return Fallback(draft, "timeout", $"no reply within {options.TimeoutSeconds} s");
        }
        catch (Exception ex) when (LlmChatServices.IsCallFailure(ex))
        {
            health.Failed(ex is Polly.CircuitBreaker.BrokenCircuitException ? "not called: too many recent failures" : "error");
            return Fallback(draft, "error", $"the model call failed: {ex.GetType().Name} {StatusOf(ex)}");
        }
        finally
        {
            AnswerTimings.Add(AnswerTimings.Llm, time.GetElapsedTime(started));
        }

        if (reply.Length == 0)
        {
            return Fallback(draft, "empty", "an empty reply");
        }

        if (reply.Contains(GroundedPrompt.NotCovered, StringComparison.Ordinal))
        {
            // The pipeline only asks when retrieval found the answer; a refusal then is the model's miss, not the documents'.
            return Fallback(draft, "refusal", "the model found no answer in passages that hold one");
        }

        var verified = await verifier.VerifyAsync(reply, draft.Passages, cancellationToken).ConfigureAwait(false);
        foreach (var reason in verified.Dropped)
        {
            LogDropped(logger, reason);
        }

        if (verified.IsEmpty)
        {
            return Fallback(draft, "unverified", "no sentence of the reply is supported by its passages");
        }

        AnsweringTelemetry.LlmAnswers.Add(1);
        var text = foreign ? await TranslatedAsync(draft.Question, verified.Text, delta, budget.Token, cancellationToken).ConfigureAwait(false) : verified.Text;
        return new Answer(text, true, verified.Citations, AiGenerated: true, draft.Extractive.Confidence);
    }

    /// <summary>The verified answer in the question's language, or as it is (in English) when the translation fails.</summary>
    private async Task<string> TranslatedAsync(string question, string verified, TextDelta? delta, CancellationToken budget, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            if (await translator.TranslateAsync(question, verified, delta, budget).ConfigureAwait(false) is { } translation)
            {
                return translation;
            }

            LogUntranslated(logger, "the translation lost a citation marker or a number");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUntranslated(logger, $"no translation within {options.TimeoutSeconds} s");
        }
        catch (Exception ex) when (LlmChatServices.IsCallFailure(ex))
        {
            LogUntranslated(logger, $"the model call failed: {ex.GetType().Name} {StatusOf(ex)}");
        }
        finally
        {
            AnswerTimings.Add(AnswerTimings.Llm, time.GetElapsedTime(started));
        }

        return verified;
    }

    private Answer Fallback(AnswerDraft draft, string kind, string reason)
    {
        AnsweringTelemetry.LlmFallbacks.Add(1, new KeyValuePair<string, object?>("reason", kind));
        LogFallback(logger, reason);
        return draft.Extractive;
    }

    /// <summary>The reply as the model streams it, each piece passed on as it arrives, and the token use it reported.</summary>
    private async Task<(string Reply, string Usage)> StreamAsync(ChatHistory prompt, PromptExecutionSettings settings, TextDelta delta, CancellationToken cancellationToken)
    {
        var usage = "not reported";
        var reply = await LlmChatServices.StreamAsync(chat, prompt, settings, delta, chunk =>
        {
            if (Usage(chunk.Metadata) is var reported && reported != "not reported")
            {
                usage = reported;
            }
        }, cancellationToken).ConfigureAwait(false);
        return (reply.Trim(), usage);
    }

    private static string Usage(IReadOnlyDictionary<string, object?>? metadata) =>
        (metadata?.TryGetValue("Usage", out var usage) == true ? usage : null) switch
        {
            OpenAI.Chat.ChatTokenUsage openAi => $"{openAi.InputTokenCount} in, {openAi.OutputTokenCount} out",
            Microsoft.Extensions.AI.UsageDetails details => $"{details.InputTokenCount} in, {details.OutputTokenCount} out",
            { } other => other.ToString() ?? "",
            null => "not reported",
        };

    private static string StatusOf(Exception ex) => ex switch
    {
        HttpOperationException { StatusCode: { } code } => $"({(int)code})",
        ClientResultException { Status: > 0 } result => $"({result.Status})",
        _ => "",
    };

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "LLM answer replaced by the quoted answer: {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "LLM sentence dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "LLM answer sent in English: {Reason}")]
    private static partial void LogUntranslated(ILogger logger, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "LLM {Model} answered in {Milliseconds:F0} ms; tokens: {Usage}")]
    private static partial void LogUsage(ILogger logger, string model, string usage, double milliseconds);
}
