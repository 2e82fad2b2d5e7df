using System.Text.Json;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend.Content;
using Strata.Recommend.Fusion;
using Strata.Recommend.Ranking;

namespace Strata.Recommend.Persistence.Formats;

/// <summary>
/// Strata's full model: candidate options, the item tower, popularity, every signal (a recommender signal holds a model
/// in that model's own format; the interest signals hold the taxonomy, the profile settings and the prior), the history
/// buckets, each bucket's ranker (linear weights or LightGBM's tree text) and how it was chosen.
/// </summary>
internal sealed class StrataFormat : ModelFormat<StrataModel>
{
    public override string Kind => "strata";

    protected override void Write(BinaryWriter writer, StrataModel model)
    {
        var features = model.Features;
        var options = features.Options;
        writer.Write(options.CandidatesPerSource);
        writer.Write(options.PopularCandidates);
        writer.Write(options.NewItemSlot);
        writer.Write(options.IndexedCandidatesFrom);
        writer.Write(model.Tower is not null);
        model.Tower?.Write(writer);
        writer.WriteArray(features.Popularity);
        writer.Write(features.Signals.Count);
        foreach (var signal in features.Signals) WriteSignal(writer, signal);

        writer.WriteArray(model.Buckets.UpperBounds.ToArray());
        writer.Write(model.Rankers.Count);
        foreach (var ranker in model.Rankers)
        {
            writer.Write(ranker.Names.Count);
            foreach (var feature in ranker.Names) writer.Write(feature);
            switch (ranker)
            {
                case LinearRanker linear:
                    writer.Write(RankerSelection.LinearKind);
                    writer.WriteArray(linear.Weights.ToArray());
                    writer.WriteArray(linear.Means);
                    writer.WriteArray(linear.Scales);
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
        var retrievals = features.Retrievals;
        writer.Write(retrievals.Count);
        foreach (var retrieval in retrievals) retrieval.WriteIndex(writer);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var options = new StrataOptions
        {
            CandidatesPerSource = reader.ReadInt32(),
            PopularCandidates = reader.ReadInt32(),
            NewItemSlot = reader.ReadInt32(),
            IndexedCandidatesFrom = reader.ReadInt32(),
        };
        // The signals read the tower's vectors of the frozen ones, as they did when fitted.
        var tower = reader.ReadBoolean() ? ItemTower.Read(reader) : null;
        if (tower is not null)
            data = data with { ItemVectors = tower.TransformAll(data.ItemVectors ?? throw new InvalidDataException("The saved item tower needs the frozen item vectors.")) };
        var popularity = reader.ReadArray<float>();
        var signals = new IItemSignals[reader.ReadInt32()];
        for (int s = 0; s < signals.Length; s++) signals[s] = ReadSignal(reader, data);
        var features = new CandidateFeatures(signals, popularity, options);

        var buckets = new HistoryBuckets(reader.ReadArray<int>());
        var rankers = new IRanker[reader.ReadInt32()];
        for (int r = 0; r < rankers.Length; r++)
        {
            var names = new string[reader.ReadInt32()];
            for (int n = 0; n < names.Length; n++) names[n] = reader.ReadString();
            rankers[r] = reader.ReadString() switch
            {
                RankerSelection.LinearKind => new LinearRanker(reader.ReadArray<float>(), reader.ReadArray<float>(), reader.ReadArray<float>(), names),
                RankerSelection.BoostedKind => BoostedRanker.Parse(reader.ReadString(), names),
                var kind => throw new InvalidDataException($"Unknown ranker kind '{kind}' in the model file."),
            };
        }
        var selection = new RankerSelection[reader.ReadInt32()];
        for (int s = 0; s < selection.Length; s++)
            selection[s] = new RankerSelection(reader.ReadString(), reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadString());
        var newItemSlot = reader.ReadInt32();
        var newItemMinimumHistory = reader.ReadInt32();
        // The indexes the fit built, in the order the signals hold them (a graph index is read, not rebuilt).
        var retrievals = features.Retrievals;
        if (reader.ReadInt32() != retrievals.Count) throw new InvalidDataException("The model file's vector indexes do not match its signals.");
        foreach (var retrieval in retrievals) retrieval.ReadIndex(reader);
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
                ModelFile.WriteModel(writer, recommender.Model);
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
                writer.WriteArray(context.Prior.Probabilities.ToArray());
                writer.WriteArray(interests.ItemToTaxonomy);
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
                return new RecommenderSignals(ModelFile.ReadModel(reader, data), proposes, recentItems, data.Feedback);
            case "interests":
                var bytes = reader.ReadBytes(reader.ReadInt32());
                var taxonomy = Taxonomy.FromBytes(bytes, reader.ReadInt32());
                var options = JsonSerializer.Deserialize<InterestOptions>(reader.ReadString()) ?? throw new InvalidDataException("Missing interest options.");
                var weights = JsonSerializer.Deserialize<EventWeightOptions>(reader.ReadString()) ?? throw new InvalidDataException("Missing event weights.");
                var prior = InterestPrior.FromProbabilities(taxonomy, reader.ReadArray<float>());
                var itemToTaxonomy = reader.ReadArray<int>();
                var dimensions = reader.ReadInt32();
                var multiInterests = reader.ReadInt32();
                var vectors = data.ItemVectors ?? throw new InvalidDataException("The saved interest signals need item vectors.");
                return new InterestSignals(new ProfileContext(taxonomy, options, new EventWeights(weights), prior), itemToTaxonomy,
                    new NodeSimilarities(taxonomy, vectors, dimensions), dimensions, multiInterests);
            default:
                throw new InvalidDataException($"Unknown signal kind '{kind}' in the model file.");
        }
    }
}
