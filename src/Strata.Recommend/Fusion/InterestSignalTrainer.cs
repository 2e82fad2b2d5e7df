using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Fits <see cref="InterestSignals"/>: the taxonomy is built once from the item vectors (it does not depend on events,
/// so the validation fit and the final fit share it, or a given one is used), the population prior from the training events.
/// </summary>
public sealed class InterestSignalTrainer(Taxonomy? taxonomy = null, TaxonomyOptions? taxonomyOptions = null, InterestOptions? interestOptions = null,
    EventWeights? weights = null, int multiInterests = 5) : ISignalTrainer
{
    private Taxonomy? _taxonomy = taxonomy;
    private (float[] Vectors, NodeSimilarities Similarities)? _similarities;

    /// <summary>The taxonomy in use (built on the first fit when none was given).</summary>
    public Taxonomy? Taxonomy => _taxonomy;

    public SignalFamily Family => SignalFamily.Hierarchy;

    public IItemSignals Fit(RecommenderData data, CancellationToken cancellationToken = default)
    {
        if (data.ItemVectors is null || data.Dimensions <= 0)
            throw new InvalidOperationException("Interest signals need item vectors (RecommenderData.ItemVectors).");
        if (data.Catalog.Count != data.Items.Count)
            throw new InvalidOperationException($"Interest signals need the catalogue ({data.Catalog.Count} items given, {data.Items.Count} indexed).");
        _taxonomy ??= TaxonomyBuilder.Build(data.ItemVectors, data.Dimensions, data.Catalog, taxonomyOptions);
        var context = new ProfileContext(_taxonomy, interestOptions, weights);
        context = context.WithPrior(ProfileSet.PopulationPrior(data.Train, context));
        // The validation fit and the final fit share the taxonomy and the item vectors, hence the similarity matrix.
        if (_similarities is not { } cached || !ReferenceEquals(cached.Vectors, data.ItemVectors))
            _similarities = (data.ItemVectors, new NodeSimilarities(_taxonomy, data.ItemVectors, data.Dimensions));
        return new InterestSignals(context, ProfileSet.MapItems(data.Items, _taxonomy), _similarities.Value.Similarities, data.Dimensions, multiInterests);
    }

    /// <summary>The taxonomy build's copies of the vectors (normalised rows, centroids' assignments) and the item-to-node maps.</summary>
    public long EstimateBytes(DataShape shape) => 3 * shape.VectorBytes + (long)shape.Items * 4 * sizeof(int);
}
