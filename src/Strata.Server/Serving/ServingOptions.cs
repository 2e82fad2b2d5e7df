namespace Strata.Server.Serving;

/// <summary>
/// What only the server needs, bound from <c>Strata:Serving</c>: the saved model's place and the memory of live users'
/// partial sums. What the model is (kind, taxonomy, interests, weights, item text) is <see cref="Strata.Engine.EngineOptions"/>'.
/// </summary>
public sealed class ServingOptions
{
    public const string Section = "Strata:Serving";

    /// <summary>
    /// Memory for live users' kept partial sums (<see cref="Strata.Recommend.HistoryMemo"/>: a user's summed EDLAE rows,
    /// one catalogue-length row each), least recently used dropped first. With it a fresh answer after an event adds one
    /// row instead of summing the whole history. 0 turns it off.
    /// </summary>
    public long HistoryMemoBytes { get; set; } = 256L << 20;

    /// <summary>Events a live user needs before a memo is kept for them (shorter histories are summed afresh in microseconds).</summary>
    public int HistoryMemoMinimumEvents { get; set; } = 16;

    /// <summary>
    /// Where the fitted model is saved so a restart serves it at once (default: beside the store, <c>&lt;db&gt;.model</c>,
    /// where <c>strata fit</c> also saves it); empty turns saving off. A saved model serves only a store that still matches
    /// what it was fitted on.
    /// </summary>
    public string? ModelPath { get; set; }
}
