namespace Strata.Evaluation.Splits;

/// <summary>
/// Microsoft Recommenders' ML-100K benchmark split (<c>splits/ml-100k-recommenders-75-25/</c>, stratified 75/25 by item,
/// seed 42), read exactly as published: top-k over every item the user has not rated in train; every test row is relevant.
/// </summary>
public sealed class Recommenders7525Splitter : ISplitter
{
    public const string Name = "recommenders-75-25";

    public string Protocol => Name;

    public EvaluationSplit Split(EvaluationDataset dataset)
    {
        var folder = dataset.FixedSplit(Name)
            ?? throw new EvaluationException($"protocol {Name} exists only for --dataset ml-100k (its fixed split), not {dataset.Name}: use random-80-20, temporal or leave-last-out");
        string[] users = ["userID"], items = ["itemID"];
        var train = SplitFile.Read(Path.Combine(folder, "train.csv"), dataset, users, items).Events;
        var test = SplitFile.Read(Path.Combine(folder, "test.csv"), dataset, users, items).Events;
        return new EvaluationSplit(Name, train, null, test, dataset.Catalog,
            [new TestSet("test", TestCases.FromHoldout(train, test, dataset))], null, null,
            "Microsoft Recommenders' ML-100K split (python_stratified_split by item, 0.75, seed 42); seen items removed; every test item relevant.");
    }
}
