namespace Strata.Evaluation.Splits;

/// <summary>
/// The SASRec leave-last-out protocol from the fixed sequences (<c>splits/&lt;dataset&gt;-leave-last-out/sequences.csv</c>):
/// each user's last event is the test item and the one before it the validation item. Models fit on the train rows;
/// at test time the query is train + valid, and every item outside it is ranked (full ranking).
/// Validation queries ask for the valid item given the train rows only.
/// </summary>
public sealed class LeaveLastOutSplitter : ISplitter
{
    public const string Name = "leave-last-out";

    public string Protocol => Name;

    public EvaluationSplit Split(EvaluationDataset dataset)
    {
        var folder = Path.Combine(dataset.DataRoot, "splits", $"{dataset.Name}-leave-last-out");
        if (!Directory.Exists(folder))
            throw new EvaluationException($"protocol {Name} needs the fixed sequences in {folder}; they exist for ml-100k and ml-latest-small (ml-1m has no timestamps: use random-80-20)");
        var contents = SplitFile.Read(Path.Combine(folder, "sequences.csv"), dataset, ["userID", "userId"], ["itemID", "movieId"]);
        var roles = contents.Roles ?? throw new EvaluationException($"{folder}/sequences.csv: no 'split' column");
        var all = contents.Events;
        var train = TestCases.Where(all, r => roles[r] == "train");
        var valid = TestCases.Where(all, r => roles[r] == "valid");
        var test = TestCases.Where(all, r => roles[r] == "test");
        var known = TestCases.Where(all, r => roles[r] != "test");
        return new EvaluationSplit(Name, train, valid, test, dataset.Catalog,
            [new TestSet("test", TestCases.FromHoldout(known, test))], TestCases.FromHoldout(train, valid), null,
            "SASRec leave-last-out: last event per user = test, the one before = valid; fit on train; query = train + valid; full ranking over unseen items.");
    }
}
