using Strata.Recommend.Content;
using Strata.Recommend.Sequential;

namespace Strata.Recommend.Persistence.Formats;

/// <summary>The self-attention block's weights; item offsets and embeddings included.</summary>
internal sealed class SequentialFormat : ModelFormat<SequentialModel>
{
    public override string Kind => "seq";

    protected override void Write(BinaryWriter writer, SequentialModel model)
    {
        writer.Write(model.Attention.Dimensions);
        foreach (var array in model.Attention.Arrays) writer.WriteArray(array);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var dimensions = reader.ReadInt32();
        return new SequentialModel(new InterestAttention(dimensions, reader.ReadArray<float>(), reader.ReadArray<float>(),
            reader.ReadArray<float>(), reader.ReadArray<float>(), reader.ReadArray<float>()), data.Feedback);
    }
}

/// <summary>The content baseline: only its item tower, if any (the vectors are the data's).</summary>
internal sealed class ContentFormat : ModelFormat<ContentOnlyModel>
{
    public override string Kind => "content";

    protected override void Write(BinaryWriter writer, ContentOnlyModel model)
    {
        writer.Write(model.Tower is not null);
        model.Tower?.Write(writer);
    }

    public override IRecommender Read(BinaryReader reader, RecommenderData data)
    {
        var frozen = data.ItemVectors ?? throw new InvalidDataException("The saved content model needs item vectors.");
        var tower = reader.ReadBoolean() ? ItemTower.Read(reader) : null;
        return new ContentOnlyModel(tower?.TransformAll(frozen) ?? frozen, data.Dimensions, tower, data.Feedback);
    }
}
