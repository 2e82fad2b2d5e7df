namespace Strata.Evaluation.Splits;

/// <summary>
/// Cold items: the <see cref="WithheldFraction"/> of interacted items with the lowest seeded hash of their id are withheld
/// from training entirely (they stay in the catalogue, with their text and vectors). Every other event is training data.
/// Each user who interacted with a withheld item is queried with their training events; the withheld items they
/// interacted with are relevant, and every unseen item is ranked. Since every non-withheld item the user touched is in
/// the history, a hit is exactly a withheld item surfaced for someone who engaged with it.
/// </summary>
public sealed class ColdItemsSplitter : ISplitter
{
    public const string Name = "cold-items";

    public double WithheldFraction { get; init; } = 0.1;

    public int Seed { get; init; } = 42;

    public string Protocol => Name;

    public EvaluationSplit Split(EvaluationDataset dataset)
    {
        var events = dataset.Events;
        var interacted = new bool[events.Items.Count];
        for (int r = 0; r < events.Count; r++)
            if (events.ItemIndex[r] >= 0) interacted[events.ItemIndex[r]] = true;
        var withheld = HashSample.Lowest(events.Items.Ids, WithheldFraction, Seed, "item", i => interacted[i]);
        var train = TestCases.Where(events, r => events.ItemIndex[r] >= 0 && !withheld[events.ItemIndex[r]]);
        var test = TestCases.Where(events, r => events.ItemIndex[r] >= 0 && withheld[events.ItemIndex[r]]);
        var count = withheld.Count(w => w);
        return new EvaluationSplit(Name, train, null, test, dataset.Catalog,
            [new TestSet("test", TestCases.FromHoldout(train, test, dataset))], null, withheld,
            $"{count} of {interacted.Count(i => i)} interacted items ({WithheldFraction * 100:0}%, lowest seeded hash of the item id, seed {Seed}) withheld from training; " +
            "queries are users' training events; relevant = the withheld items they interacted with; full ranking over unseen items.");
    }
}
