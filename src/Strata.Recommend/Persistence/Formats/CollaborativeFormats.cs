using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Persistence.Formats;

/// <summary>EASE and EDLAE: the name (which of the two), λ and the item × item weights (not the kept training users' sums: a server never asks as one).</summary>
internal sealed class EaseFormat : ModelFormat<EaseModel>
{
    public override string Kind => "ease";

    protected override void Write(BinaryWriter writer, EaseModel model)
    {
        writer.Write(model.Name);
        writer.Write(model.Lambda);
        writer.Write(model.Items);
        writer.WriteArray(model.Weights);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var name = reader.ReadString();
        var lambda = reader.ReadDouble();
        var items = reader.ReadInt32();
        return new EaseModel(name, reader.ReadArray<float>(), items, lambda, data.Feedback);
    }
}

internal sealed class ItemKnnFormat : ModelFormat<ItemKnnModel>
{
    public override string Kind => "itemknn";

    protected override void Write(BinaryWriter writer, ItemKnnModel model)
    {
        var (items, width, neighbours, similarities, counts) = model.Parts;
        writer.Write(items);
        writer.Write(width);
        writer.WriteArray(neighbours);
        writer.WriteArray(similarities);
        writer.WriteArray(counts);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var items = reader.ReadInt32();
        var width = reader.ReadInt32();
        return new ItemKnnModel(items, width, reader.ReadArray<int>(), reader.ReadArray<float>(), reader.ReadArray<int>(), data.Feedback);
    }
}

internal sealed class BprFormat : ModelFormat<BprModel>
{
    public override string Kind => "bpr";

    protected override void Write(BinaryWriter writer, BprModel model)
    {
        var (userFactors, itemFactors, bias, factors) = model.Parts;
        writer.Write(factors);
        writer.WriteArray(userFactors);
        writer.WriteArray(itemFactors);
        writer.WriteArray(bias);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var factors = reader.ReadInt32();
        return new BprModel(reader.ReadArray<float>(), reader.ReadArray<float>(), reader.ReadArray<float>(), factors, data.Feedback);
    }
}

/// <summary>Implicit ALS: the item factors and their Gram matrix (a user's factors are solved from them at query time).</summary>
internal sealed class ImplicitAlsFormat : ModelFormat<ImplicitAlsModel>
{
    public override string Kind => "ials";

    protected override void Write(BinaryWriter writer, ImplicitAlsModel model)
    {
        writer.Write(model.Factors);
        writer.Write(model.Regularization);
        writer.Write(model.Alpha);
        writer.WriteArray(model.ItemFactors);
        writer.WriteArray(model.Gram);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var factors = reader.ReadInt32();
        var regularization = reader.ReadDouble();
        var alpha = reader.ReadDouble();
        return new ImplicitAlsModel(reader.ReadArray<float>(), reader.ReadArray<double>(), factors, regularization, alpha, data.Feedback);
    }
}

/// <summary>The trending model: its window and each item's first-met times.</summary>
internal sealed class TrendingFormat : ModelFormat<TrendingModel>
{
    public override string Kind => TrendingModel.ModelName;

    protected override void Write(BinaryWriter writer, TrendingModel model)
    {
        var (offsets, times) = model.Parts;
        writer.Write(model.WindowSeconds);
        writer.WriteArray(offsets);
        writer.WriteArray(times);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var window = reader.ReadInt64();
        return new TrendingModel(reader.ReadArray<int>(), reader.ReadArray<long>(), window);
    }
}

internal sealed class MostPopularFormat : ModelFormat<MostPopularModel>
{
    public override string Kind => "pop";

    protected override void Write(BinaryWriter writer, MostPopularModel model) => writer.WriteArray(model.Counts.ToArray());

    public override IRecommender Read(BinaryReader reader, RecommenderData data) => new MostPopularModel(reader.ReadArray<float>());
}
