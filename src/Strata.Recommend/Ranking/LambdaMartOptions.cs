namespace Strata.Recommend.Ranking;

/// <summary>Options of the boosted-trees ranker (LightGBM's LambdaMART).</summary>
public sealed record LambdaMartOptions
{
    /// <summary>Boosting rounds (trees).</summary>
    public int Trees { get; init; } = 100;

    public double LearningRate { get; init; } = 0.05;

    /// <summary>Leaves per tree: 15 lets a tree combine a few signals (e.g. an interest's share with a collaborative score).</summary>
    public int Leaves { get; init; } = 15;

    /// <summary>Rows a leaf needs: keeps trees from carving single validation users.</summary>
    public int MinRowsInLeaf { get; init; } = 50;

    /// <summary>The lambda gradient looks at swaps within this rank (LightGBM's lambdarank_truncation_level).</summary>
    public int TruncationLevel { get; init; } = 20;

    public int Seed { get; init; } = 7;
}
