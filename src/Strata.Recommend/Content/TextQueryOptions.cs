using System.ComponentModel.DataAnnotations;

namespace Strata.Recommend.Content;

/// <summary>
/// Weights of <see cref="TextQueryRanker"/>'s score, <c>w_item·cos(q, e_i) + w_node·cos(q, c_meso(i)) + w_value·r(i) + w_pop·pop(i)</c>.
/// Round values picked from a small grid on 26 written queries (tests/Strata.Evaluation.Tests/TextQueries); genre
/// precision@10 on ml-100k / ml-latest-small: cosine alone 0.835 / 0.915, + node 0.873 / 0.958, + values 0.908 / 0.969,
/// + popularity (these defaults) 0.923 / 0.965.
/// </summary>
public sealed class TextQueryOptions
{
    /// <summary>Weight of the item's own similarity to the sentence (what the baseline ranks by alone).</summary>
    [Range(0, 10)]
    public float ItemWeight { get; set; } = 1f;

    /// <summary>Weight of the similarity of the item's meso node centroid: what the item's neighbourhood is about.</summary>
    [Range(0, 10)]
    public float NodeWeight { get; set; } = 1f;

    /// <summary>Weight of the item's best-matching catalogue value (category, tag, decade), relevance scaled to 0…1.</summary>
    [Range(0, 10)]
    public float ValueWeight { get; set; } = 0.3f;

    /// <summary>Weight of popularity, <c>ln(1 + interactions) / ln(1 + most interactions)</c>.</summary>
    [Range(0, 10)]
    public float PopularityWeight { get; set; } = 0.1f;

    /// <summary>
    /// Values whose similarity to the sentence is within this margin of the best value's count as matched (relevance
    /// falls linearly to 0 over the margin); the sentence names few of a catalogue's values.
    /// </summary>
    [Range(0.001, 1)]
    public float ValueMargin { get; set; } = 0.1f;
}
