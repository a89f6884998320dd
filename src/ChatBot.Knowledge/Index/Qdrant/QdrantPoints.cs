using System.Text.Json;
using System.Text.Json.Serialization;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Passages;
using ChatBot.Knowledge.Text;
using Qdrant.Client.Grpc;

namespace ChatBot.Knowledge.Index.Qdrant;

/// <summary>
/// How passages are laid out in a Qdrant collection. Each passage is one point, id = its deterministic UUID, with
/// <list type="bullet">
/// <item>"dense": a multivector (cosine, max_sim) whose first row is the passage vector and the rest its sentence
/// vectors, so a one-row query scores a passage by its best row, exactly as the embedded store does;</item>
/// <item>"keywords": a sparse vector of <see cref="KeywordWeights"/> passage weights, to which Qdrant applies IDF;</item>
/// <item>a payload with the document id (indexed), title, source, text, paragraph index, offsets, sentence offsets and
/// the document's content hash.</item>
/// </list>
/// The manifest (model and documents) lives in the collection's metadata.
/// </summary>
internal static class QdrantPoints
{
    public const string Dense = "dense";
    public const string Keywords = "keywords";
    public const string DocumentId = "document_id";
    public const string ModelKey = "chatbot_embedding_model";
    public const string DocumentsKey = "chatbot_documents";
    public const string Text = "text";

    private const string Title = "title";
    private const string SourceUrl = "source_url";
    private const string ParagraphIndex = "paragraph_index";
    private const string Heading = "heading";
    private const string Kind = "kind";
    private const string Start = "start";
    private const string End = "end";
    private const string ContentHash = "content_hash";
    private const string SentenceStarts = "sentence_starts";
    private const string SentenceEnds = "sentence_ends";

    public static CreateCollection Collection(string name, string model, int dimensions) => new()
    {
        CollectionName = name,
        VectorsConfig = new VectorsConfig
        {
            ParamsMap = new VectorParamsMap
            {
                Map =
                {
                    [Dense] = new VectorParams
                    {
                        Size = (ulong)dimensions,
                        Distance = Distance.Cosine,
                        MultivectorConfig = new MultiVectorConfig { Comparator = MultiVectorComparator.MaxSim },
                    },
                },
            },
        },
        SparseVectorsConfig = new SparseVectorConfig { Map = { [Keywords] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        Metadata = { [ModelKey] = model, [DocumentsKey] = SerializeDocuments([]) },
    };

    /// <summary>The dense vector size of a collection laid out by <see cref="Collection"/>, or null when it is not.</summary>
    public static int? DenseSize(CollectionInfo info)
    {
        var parameters = info.Config?.Params;
        if (parameters?.VectorsConfig?.ParamsMap?.Map is not { } map
            || !map.TryGetValue(Dense, out var dense)
            || dense.MultivectorConfig is null
            || parameters.SparseVectorsConfig?.Map is not { } sparse
            || !sparse.ContainsKey(Keywords))
        {
            return null;
        }

        return (int)dense.Size;
    }

    public static PointStruct ToPoint(IndexedPassage indexed, IndexedDocument document)
    {
        var passage = indexed.Passage;
        var point = new PointStruct
        {
            Id = passage.Id,
            Vectors = new Dictionary<string, Vector>
            {
                [Dense] = (float[][])[indexed.Vector, .. indexed.SentenceVectors],
                [Keywords] = SparseWeights(KeywordWeights.ForPassage(passage.SearchText)),
            },
        };
        point.Payload[DocumentId] = passage.DocumentId;
        point.Payload[Title] = passage.Title;
        if (passage.SourceUrl is not null)
        {
            point.Payload[SourceUrl] = passage.SourceUrl;
        }

        point.Payload[Text] = passage.Text;
        point.Payload[ParagraphIndex] = passage.ParagraphIndex;
        point.Payload[Heading] = passage.Heading;
        point.Payload[Kind] = passage.Kind.ToString();
        point.Payload[Start] = passage.Start;
        point.Payload[End] = passage.End;
        point.Payload[ContentHash] = document.ContentHash;
        point.Payload[SentenceStarts] = Integers(passage.Sentences.Select(s => s.Start));
        point.Payload[SentenceEnds] = Integers(passage.Sentences.Select(s => s.End));
        return point;
    }

    public static IndexedPassage FromPoint(RetrievedPoint point)
    {
        var payload = point.Payload;
        var starts = payload[SentenceStarts].ListValue.Values;
        var ends = payload[SentenceEnds].ListValue.Values;
        var sentences = starts.Zip(ends, (s, e) => new TextSpan((int)s.IntegerValue, (int)(e.IntegerValue - s.IntegerValue))).ToList();
        var passage = new Passage(
            Guid.Parse(point.Id.Uuid),
            payload[DocumentId].StringValue,
            payload[Title].StringValue,
            payload.TryGetValue(SourceUrl, out var url) ? url.StringValue : null,
            (int)payload[ParagraphIndex].IntegerValue,
            (int)payload[Start].IntegerValue,
            (int)payload[End].IntegerValue,
            payload[Text].StringValue,
            sentences,
            payload.TryGetValue(Heading, out var heading) ? heading.StringValue : string.Empty,
            payload.TryGetValue(Kind, out var kind) && Enum.TryParse<BlockKind>(kind.StringValue, out var parsed) ? parsed : BlockKind.Prose);
        var multivector = point.Vectors.Vectors.Vectors[Dense].GetMultiVector()
            ?? throw new InvalidDataException($"Point {point.Id.Uuid} came back without its '{Dense}' multivector.");
        var rows = multivector.Vectors.Select(v => v.Data.ToArray()).ToList();
        return new IndexedPassage(passage, rows[0], rows[1..]);
    }

    public static string TextOf(RetrievedPoint point) => point.Payload[Text].StringValue;

    /// <summary>A sparse vector's values and indices from term weights; terms that hash to one dimension share it.</summary>
    public static (float[] Values, uint[] Indices) SparseWeights(IReadOnlyDictionary<string, double> weights)
    {
        var byDimension = new SortedDictionary<uint, float>();
        foreach (var (term, weight) in weights)
        {
            var dimension = KeywordWeights.Dimension(term);
            byDimension[dimension] = byDimension.GetValueOrDefault(dimension) + (float)weight;
        }

        return (byDimension.Values.ToArray(), byDimension.Keys.ToArray());
    }

    public static string SerializeDocuments(IEnumerable<IndexedDocument> documents) =>
        JsonSerializer.Serialize(documents.OrderBy(d => d.Id, StringComparer.Ordinal).ToList(), QdrantJson.Default.ListIndexedDocument);

    public static Dictionary<string, IndexedDocument> DeserializeDocuments(string json) =>
        (JsonSerializer.Deserialize(json, QdrantJson.Default.ListIndexedDocument) ?? []).ToDictionary(d => d.Id, StringComparer.Ordinal);

    private static Value Integers(IEnumerable<int> values)
    {
        var list = new ListValue();
        list.Values.AddRange(values.Select(v => new Value { IntegerValue = v }));
        return new Value { ListValue = list };
    }
}

[JsonSerializable(typeof(List<IndexedDocument>))]
internal sealed partial class QdrantJson : JsonSerializerContext;
