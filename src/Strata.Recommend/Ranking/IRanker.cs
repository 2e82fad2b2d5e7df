namespace Strata.Recommend.Ranking;

/// <summary>Scores one candidate's feature row (higher ranks first): the linear ranker or the boosted trees.</summary>
public interface IRanker
{
    /// <summary>Features per row, in <see cref="Names"/> order.</summary>
    int Features { get; }

    IReadOnlyList<string> Names { get; }

    /// <summary>Scores one feature row; <paramref name="scratch"/> holds at least <see cref="Features"/> floats.</summary>
    float Score(ReadOnlySpan<float> row, Span<float> scratch);
}
