using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Embeddings.Text;

namespace Strata.Server.Serving;

/// <summary>
/// What the server fits, bound from <c>Strata:Serving</c> (taxonomy, interest profiles, item text). The defaults are the
/// library defaults; tests and small deployments may shrink the taxonomy for speed.
/// </summary>
public sealed class ServingOptions
{
    public const string Section = "Strata:Serving";

    /// <summary>How an item becomes encoder text (see <see cref="ItemTextTemplate"/>).</summary>
    public string ItemText { get; set; } = ItemTextTemplate.DefaultPattern;

    /// <summary>The recommender fitted on the log: <c>strata</c> (the full model: learned ranker over every signal), or a baseline <c>ease</c>, <c>itemknn</c>, <c>pop</c>.</summary>
    public string Model { get; set; } = "strata";

    /// <summary>EASE ridge strength λ (fixed here so a refit costs one solve; the evaluation harness tunes it on validation).</summary>
    public double EaseLambda { get; set; } = 500;

    /// <summary>
    /// Memory for live users' kept partial sums (<see cref="Strata.Recommend.HistoryMemo"/>: a user's summed EDLAE rows,
    /// one catalogue-length row each), least recently used dropped first. With it a fresh answer after an event adds one
    /// row instead of summing the whole history. 0 turns it off.
    /// </summary>
    public long HistoryMemoBytes { get; set; } = 256L << 20;

    /// <summary>Events a live user needs before a memo is kept for them (shorter histories are summed afresh in microseconds).</summary>
    public int HistoryMemoMinimumEvents { get; set; } = 16;

    /// <summary>
    /// Where the fitted model is saved so a restart serves it at once (default: beside the store, <c>&lt;db&gt;.model</c>);
    /// empty turns saving off. A saved model serves only a store that still matches what it was fitted on.
    /// </summary>
    public string? ModelPath { get; set; }

    public TaxonomyOptions Taxonomy { get; set; } = new();

    public InterestOptions Interests { get; set; } = new();
}
