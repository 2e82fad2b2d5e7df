using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Tests;

/// <summary>ML-100K read once for every test class that needs it (real data from <c>shared/data</c>).</summary>
public sealed class MovieLens100kFixture
{
    public MovieLens100kFixture()
    {
        Dataset = EvaluationDatasets.Load("ml-100k");
        Recommenders = new Recommenders7525Splitter().Split(Dataset);
        LeaveLastOut = new LeaveLastOutSplitter().Split(Dataset);
    }

    public EvaluationDataset Dataset { get; }
    public EvaluationSplit Recommenders { get; }
    public EvaluationSplit LeaveLastOut { get; }
}

[CollectionDefinition(Name)]
public sealed class MovieLens100kCollection : ICollectionFixture<MovieLens100kFixture>
{
    public const string Name = "ml-100k";
}
