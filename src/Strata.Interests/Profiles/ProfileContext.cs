using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// What every profile of one deployment shares, read-only: the taxonomy, event weights, options (with half-lives
/// pre-converted to per-second decay rates) and the population prior used for smoothing.
/// </summary>
public sealed class ProfileContext
{
    public ProfileContext(Taxonomy taxonomy, InterestOptions? options = null, EventWeights? weights = null, InterestPrior? prior = null)
    {
        Options = options ?? new InterestOptions();
        Options.Validate();
        Taxonomy = taxonomy;
        Weights = weights ?? EventWeights.Default;
        Prior = prior ?? InterestPrior.FromSizes(taxonomy);
        LongRate = 1.0 / Options.HalfLife.TotalSeconds;
        ShortRate = 1.0 / Options.ShortHalfLife.TotalSeconds;
    }

    public Taxonomy Taxonomy { get; }
    public InterestOptions Options { get; }
    public EventWeights Weights { get; }
    public InterestPrior Prior { get; }

    /// <summary>Half-lives per second of the long horizon: the decay factor over Δt seconds is <c>2^(−Δt · LongRate)</c>.</summary>
    public double LongRate { get; }

    /// <summary>Half-lives per second of the short (trend) horizon.</summary>
    public double ShortRate { get; }

    /// <summary>A copy with another prior (e.g. the population's, once events are known).</summary>
    public ProfileContext WithPrior(InterestPrior prior) => new(Taxonomy, Options, Weights, prior);
}
