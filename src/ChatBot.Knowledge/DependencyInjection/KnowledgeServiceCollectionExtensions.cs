using ChatBot.Knowledge;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Index.Embedded;
using ChatBot.Knowledge.Index.Qdrant;
using ChatBot.Knowledge.Ingestion;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.Data;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the corpus-to-retrieval pipeline: embeddings, the passage store, ingestion and the article search.</summary>
public static class KnowledgeServiceCollectionExtensions
{
    /// <param name="contentRoot">Folder that relative corpus and snapshot paths resolve against.</param>
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CorpusOptions>(configuration, CorpusOptions.Section);
        services.AddValidatedOptions<PassageOptions>(configuration, PassageOptions.Section);
        services.AddValidatedOptions<EmbeddingOptions>(configuration, EmbeddingOptions.Section);
        services.AddValidatedOptions<RetrievalOptions>(configuration, RetrievalOptions.Section);
        services.AddValidatedOptions<EmbeddedStoreOptions>(configuration, EmbeddedStoreOptions.Section);

        services.AddSingleton(sp => new KnowledgePaths(
            Path.GetFullPath(sp.GetRequiredService<CorpusOptions>().Path, contentRoot),
            Path.GetFullPath(sp.GetRequiredService<EmbeddedStoreOptions>().SnapshotPath, contentRoot)));

        services.AddSingleton(sp => new MiniLmEmbeddingGenerator(
            sp.GetRequiredService<EmbeddingOptions>(), sp.GetRequiredService<ILogger<MiniLmEmbeddingGenerator>>(), contentRoot));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => new QueryEmbeddingCache(
            sp.GetRequiredService<MiniLmEmbeddingGenerator>(),
            sp.GetRequiredService<EmbeddingOptions>().QueryCacheSize));

        services.AddValidatedOptions<VectorStoreOptions>(configuration, VectorStoreOptions.Section);
        if (configuration.GetSection(VectorStoreOptions.Section).Get<VectorStoreOptions>()?.Provider == VectorStoreProvider.Qdrant)
        {
            services.AddValidatedOptions<QdrantStoreOptions>(configuration, QdrantStoreOptions.Section);
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<IPassageStore>(sp => new QdrantPassageStore(
                QdrantPassageStore.CreateClient(sp.GetRequiredService<QdrantStoreOptions>()),
                sp.GetRequiredService<QdrantStoreOptions>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<QdrantPassageStore>>()));
        }
        else
        {
            services.AddSingleton<IPassageStore>(sp => new EmbeddedPassageStore(
                sp.GetRequiredService<KnowledgePaths>().SnapshotPath,
                sp.GetRequiredService<ILogger<EmbeddedPassageStore>>(),
                sp.GetRequiredService<EmbeddedStoreOptions>().ApproximateAbove));
        }

        services.AddSingleton<PassageChunker>();
        services.AddSingleton<Ingestor>();
        services.AddSingleton<HybridRetriever>();
        services.AddSingleton<ITextSearch<PassageHit>, ArticleTextSearch>();
        services.AddSingleton<ArticleSearchPlugin>();
        return services;
    }

    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/>, validates it at start-up, and makes the
    /// bound value injectable as <typeparamref name="T"/> itself.</summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }
}
