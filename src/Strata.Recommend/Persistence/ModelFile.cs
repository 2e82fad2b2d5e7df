using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
using Strata.Recommend.Fusion;
using Strata.Recommend.Ranking;
using Strata.Recommend.Sequential;

namespace Strata.Recommend.Persistence;

/// <summary>
/// A fitted model as bytes, so a restarted server serves the model it fitted instead of fitting for minutes: Strata's full
/// model (every signal, the rankers and their selection) and the baselines the server offers (EASE/EDLAE, item-kNN, BPR,
/// popularity, content). Item vectors are not written — the reader takes them from the <see cref="RecommenderData"/> it
/// is given, as the fit did — and neither are EASE's kept training sums (a server never asks as a training user).
/// Little-endian arrays, a format version and a caller's stamp (what the model was fitted from) up front.
/// </summary>
public static class ModelFile
{
    private const string Magic = "strata-model";
    private const int FormatVersion = 4;

    /// <summary>Writes <paramref name="model"/> with <paramref name="stamp"/>; throws <see cref="NotSupportedException"/> for a model it cannot write.</summary>
    public static void Write(Stream stream, IRecommender model, string stamp)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(stamp);
        WriteModel(writer, model);
    }

    /// <summary>The stamp of a model file, or null when the stream is not one this version can read.</summary>
    public static string? ReadStamp(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            return reader.ReadString() == Magic && reader.ReadInt32() == FormatVersion ? reader.ReadString() : null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/> (after its stamp was read with <see cref="ReadStamp"/>).</summary>
    public static IRecommender ReadModel(Stream stream, RecommenderData data)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        return ReadModel(reader, data);
    }

    private static void WriteModel(BinaryWriter writer, IRecommender model)
    {
        switch (model)
        {
            case EaseModel ease:
                writer.Write("ease");
                writer.Write(ease.Name);
                writer.Write(ease.Lambda);
                writer.Write(ease.Items);
                WriteArray(writer, ease.Weights);
                break;
            case ItemKnnModel knn:
                var (items, width, neighbours, similarities, counts) = knn.Parts;
                writer.Write("itemknn");
                writer.Write(items);
                writer.Write(width);
                WriteArray(writer, neighbours);
                WriteArray(writer, similarities);
                WriteArray(writer, counts);
                break;
            case BprModel bpr:
                var (userFactors, itemFactors, bias, factors) = bpr.Parts;
                writer.Write("bpr");
                writer.Write(factors);
                WriteArray(writer, userFactors);
                WriteArray(writer, itemFactors);
                WriteArray(writer, bias);
                break;
            case ImplicitAlsModel als:
                writer.Write("ials");
                writer.Write(als.Factors);
                writer.Write(als.Regularization);
                writer.Write(als.Alpha);
                WriteArray(writer, als.ItemFactors);
                WriteArray(writer, als.Gram);
                break;
            case SequentialModel seq:
                var attention = seq.Attention;
                writer.Write("seq");
                writer.Write(attention.Dimensions);
                foreach (var array in attention.Arrays) WriteArray(writer, array);
                break;
            case MostPopularModel pop:
                writer.Write("pop");
                WriteArray(writer, pop.Counts.ToArray());
                break;
            case ContentOnlyModel content:
                writer.Write("content");
                writer.Write(content.Tower is not null);
                content.Tower?.Write(writer);
                break;
            case StrataModel strata:
                writer.Write("strata");
                WriteStrata(writer, strata);
                break;
            default:
                throw new NotSupportedException($"Model '{model.Name}' ({model.GetType().Name}) cannot be saved.");
        }
    }

    private static IRecommender ReadModel(BinaryReader reader, RecommenderData data)
    {
        var kind = reader.ReadString();
        switch (kind)
        {
            case "ease":
                var name = reader.ReadString();
                var lambda = reader.ReadDouble();
                var items = reader.ReadInt32();
                return new EaseModel(name, ReadArray<float>(reader), items, lambda, data.Feedback);
            case "itemknn":
                var knnItems = reader.ReadInt32();
                var width = reader.ReadInt32();
                return new ItemKnnModel(knnItems, width, ReadArray<int>(reader), ReadArray<float>(reader), ReadArray<int>(reader), data.Feedback);
            case "bpr":
                var factors = reader.ReadInt32();
                return new BprModel(ReadArray<float>(reader), ReadArray<float>(reader), ReadArray<float>(reader), factors, data.Feedback);
            case "ials":
                var alsFactors = reader.ReadInt32();
                var regularization = reader.ReadDouble();
                var alpha = reader.ReadDouble();
                return new ImplicitAlsModel(ReadArray<float>(reader), ReadArray<double>(reader), alsFactors, regularization, alpha, data.Feedback);
            case "seq":
                var dimensions = reader.ReadInt32();
                return new SequentialModel(new InterestAttention(dimensions, ReadArray<float>(reader), ReadArray<float>(reader),
                    ReadArray<float>(reader), ReadArray<float>(reader), ReadArray<float>(reader)), data.Feedback);
            case "pop":
                return new MostPopularModel(ReadArray<float>(reader));
            case "content":
                var frozen = data.ItemVectors ?? throw new InvalidDataException("The saved content model needs item vectors.");
                var contentTower = reader.ReadBoolean() ? ItemTower.Read(reader) : null;
                return new ContentOnlyModel(contentTower?.TransformAll(frozen) ?? frozen, data.Dimensions, contentTower, data.Feedback);
            case "strata":
                return ReadStrata(reader, data);
            default:
                throw new InvalidDataException($"Unknown model kind '{kind}' in the model file.");
        }
    }

    private static void WriteStrata(BinaryWriter writer, StrataModel model)
    {
        var features = model.Features;
        var options = features.Options;
        writer.Write(options.CandidatesPerSource);
        writer.Write(options.PopularCandidates);
        writer.Write(options.NewItemSlot);
        writer.Write(model.Tower is not null);
        model.Tower?.Write(writer);
        WriteArray(writer, features.Popularity);
        writer.Write(features.Signals.Count);
        foreach (var signal in features.Signals) WriteSignal(writer, signal);

        WriteArray(writer, model.Buckets.UpperBounds.ToArray());
        writer.Write(model.Rankers.Count);
        foreach (var ranker in model.Rankers)
        {
            writer.Write(ranker.Names.Count);
            foreach (var feature in ranker.Names) writer.Write(feature);
            switch (ranker)
            {
                case LinearRanker linear:
                    writer.Write(RankerSelection.LinearKind);
                    WriteArray(writer, linear.Weights.ToArray());
                    WriteArray(writer, linear.Means);
                    WriteArray(writer, linear.Scales);
                    break;
                case BoostedRanker boosted:
                    writer.Write(RankerSelection.BoostedKind);
                    writer.Write(boosted.ModelText);
                    break;
                default:
                    throw new NotSupportedException($"No saved form for ranker {ranker.GetType().Name}.");
            }
        }
        writer.Write(model.Selection.Count);
        foreach (var selection in model.Selection)
        {
            writer.Write(selection.Bucket);
            writer.Write(selection.Prior);
            writer.Write(selection.PriorNdcg);
            writer.Write(selection.LinearNdcg);
            writer.Write(selection.BoostedNdcg);
            writer.Write(selection.Chosen);
        }
        writer.Write(model.NewItemSlot);
        writer.Write(model.NewItemMinimumHistory);
    }

    private static StrataModel ReadStrata(BinaryReader reader, RecommenderData data)
    {
        var options = new StrataOptions
        {
            CandidatesPerSource = reader.ReadInt32(),
            PopularCandidates = reader.ReadInt32(),
            NewItemSlot = reader.ReadInt32(),
        };
        // The signals read the tower's vectors of the frozen ones, as they did when fitted.
        var tower = reader.ReadBoolean() ? ItemTower.Read(reader) : null;
        if (tower is not null)
            data = data with { ItemVectors = tower.TransformAll(data.ItemVectors ?? throw new InvalidDataException("The saved item tower needs the frozen item vectors.")) };
        var popularity = ReadArray<float>(reader);
        var signals = new IItemSignals[reader.ReadInt32()];
        for (int s = 0; s < signals.Length; s++) signals[s] = ReadSignal(reader, data);
        var features = new CandidateFeatures(signals, popularity, options);

        var buckets = new HistoryBuckets(ReadArray<int>(reader));
        var rankers = new IRanker[reader.ReadInt32()];
        for (int r = 0; r < rankers.Length; r++)
        {
            var names = new string[reader.ReadInt32()];
            for (int n = 0; n < names.Length; n++) names[n] = reader.ReadString();
            rankers[r] = reader.ReadString() switch
            {
                RankerSelection.LinearKind => new LinearRanker(ReadArray<float>(reader), ReadArray<float>(reader), ReadArray<float>(reader), names),
                RankerSelection.BoostedKind => BoostedRanker.Parse(reader.ReadString(), names),
                var kind => throw new InvalidDataException($"Unknown ranker kind '{kind}' in the model file."),
            };
        }
        var selection = new RankerSelection[reader.ReadInt32()];
        for (int s = 0; s < selection.Length; s++)
            selection[s] = new RankerSelection(reader.ReadString(), reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadString());
        var newItemSlot = reader.ReadInt32();
        var newItemMinimumHistory = reader.ReadInt32();
        return new StrataModel(features, buckets, rankers, selection, newItemSlot, newItemMinimumHistory, tower);
    }

    private static void WriteSignal(BinaryWriter writer, IItemSignals signal)
    {
        switch (signal)
        {
            case RecommenderSignals recommender:
                writer.Write("recommender");
                writer.Write(recommender.ProposesCandidates[0]);
                writer.Write(recommender.RecentItems);
                WriteModel(writer, recommender.Model);
                break;
            case InterestSignals interests:
                var context = interests.Context;
                writer.Write("interests");
                var taxonomy = context.Taxonomy.ToBytes();
                writer.Write(taxonomy.Length);
                writer.Write(taxonomy);
                writer.Write(context.Taxonomy.Version);
                writer.Write(JsonSerializer.Serialize(context.Options));
                writer.Write(JsonSerializer.Serialize(context.Weights.Options));
                WriteArray(writer, context.Prior.Probabilities.ToArray());
                WriteArray(writer, interests.ItemToTaxonomy);
                writer.Write(interests.Dimensions);
                writer.Write(interests.MultiInterests);
                break;
            default:
                throw new NotSupportedException($"Signal {signal.GetType().Name} ({string.Join(", ", signal.Names)}) cannot be saved.");
        }
    }

    private static IItemSignals ReadSignal(BinaryReader reader, RecommenderData data)
    {
        var kind = reader.ReadString();
        switch (kind)
        {
            case "recommender":
                var proposes = reader.ReadBoolean();
                var recentItems = reader.ReadInt32();
                return new RecommenderSignals(ReadModel(reader, data), proposes, recentItems, data.Feedback);
            case "interests":
                var bytes = reader.ReadBytes(reader.ReadInt32());
                var taxonomy = Taxonomy.FromBytes(bytes, reader.ReadInt32());
                var options = JsonSerializer.Deserialize<InterestOptions>(reader.ReadString()) ?? throw new InvalidDataException("Missing interest options.");
                var weights = JsonSerializer.Deserialize<EventWeightOptions>(reader.ReadString()) ?? throw new InvalidDataException("Missing event weights.");
                var prior = InterestPrior.FromProbabilities(taxonomy, ReadArray<float>(reader));
                var itemToTaxonomy = ReadArray<int>(reader);
                var dimensions = reader.ReadInt32();
                var multiInterests = reader.ReadInt32();
                var vectors = data.ItemVectors ?? throw new InvalidDataException("The saved interest signals need item vectors.");
                return new InterestSignals(new ProfileContext(taxonomy, options, new EventWeights(weights), prior), itemToTaxonomy,
                    new NodeSimilarities(taxonomy, vectors, dimensions), dimensions, multiInterests);
            default:
                throw new InvalidDataException($"Unknown signal kind '{kind}' in the model file.");
        }
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values) where T : unmanaged
    {
        writer.Write(values.LongLength);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader reader) where T : unmanaged
    {
        var length = reader.ReadInt64();
        if (length < 0 || length > Array.MaxLength) throw new InvalidDataException($"Array length {length} in the model file.");
        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        // ReadExactly throws on a truncated file instead of leaving zeros.
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }
}
