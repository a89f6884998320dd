using ChatBot.Answering;
using ChatBot.Answering.Conversation;
using ChatBot.Answering.Extractive;
using ChatBot.Answering.Generative;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.SemanticKernel;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the answering pipeline and the Semantic Kernel it retrieves through.</summary>
public static class AnsweringServiceCollectionExtensions
{
    public static IServiceCollection AddAnswering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AnsweringOptions>(configuration, AnsweringOptions.Section);
        services.AddValidatedOptions<ConversationOptions>(configuration, ConversationOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KnowledgeReadiness>();
        services.AddSingleton<CorpusVocabulary>();
        services.AddSingleton<CorpusProfile>();
        services.AddSingleton<QuestionNormalizer>();
        services.AddSingleton<QuestionAnalyzer>();
        services.AddSingleton<TermVectors>();
        services.AddSingleton<DeclineMessages>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<IConversationMemory>(sp => sp.GetRequiredService<ConversationStore>());
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSingleton<EvidenceSearch>();
        services.AddSingleton<KnowledgeInitializer>();
        services.AddSingleton<QuestionAnswerer>();
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.Section);
        if (configuration.GetSection(LlmOptions.Section).Get<LlmOptions>() is { Enabled: true })
        {
            services.AddLlmHttpClient();
            services.AddSingleton(sp => LlmChatServices.Create(
                sp.GetRequiredService<LlmOptions>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient(LlmResilience.ClientName)));
            services.AddSingleton<LlmCallHealth>();
            services.AddSingleton<CitationVerifier>();
            services.AddSingleton<AnswerTranslator>();
            services.AddSingleton<IAnswerWriter, LlmAnswerWriter>();
            services.AddSingleton<IQuestionRewriter, LlmQuestionRewriter>();
        }
        else
        {
            services.AddSingleton<IAnswerWriter, ExtractiveAnswerWriter>();
            services.AddSingleton<IQuestionRewriter, NoQuestionRewriter>();
        }

        services.AddSingleton<ChatBot.Answering.Evaluation.EvalRunner>();
        services.AddSingleton(sp =>
        {
            var kernel = new Kernel(sp);
            kernel.Plugins.AddFromObject(sp.GetRequiredService<ArticleSearchPlugin>(), ArticleSearchPlugin.PluginName);
            return kernel;
        });
        return services;
    }
}
