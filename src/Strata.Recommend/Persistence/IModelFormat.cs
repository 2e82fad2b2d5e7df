namespace Strata.Recommend.Persistence;

/// <summary>How one kind of fitted model is written to a model file and read back; <see cref="ModelFile"/> holds one per kind.</summary>
public interface IModelFormat
{
    /// <summary>The tag that names this format in the file.</summary>
    string Kind { get; }

    bool Writes(IRecommender model);

    void Write(BinaryWriter writer, IRecommender model);

    /// <summary>Reads the model written by <see cref="Write"/>; item vectors and the positive-feedback rule come from <paramref name="data"/>, as the fit had them.</summary>
    IRecommender Read(BinaryReader reader, RecommenderData data);
}

/// <summary>A format for models of type <typeparamref name="TModel"/>.</summary>
public abstract class ModelFormat<TModel> : IModelFormat where TModel : IRecommender
{
    public abstract string Kind { get; }

    public bool Writes(IRecommender model) => model is TModel;

    public void Write(BinaryWriter writer, IRecommender model) => Write(writer, (TModel)model);

    public abstract IRecommender Read(BinaryReader reader, RecommenderData data);

    protected abstract void Write(BinaryWriter writer, TModel model);
}
