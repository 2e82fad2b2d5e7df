using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;

namespace Strata.Recommend;

/// <summary>
/// What a recommender fits on: the training events over dense ids, plus the whole catalogue
/// (items may exist with text and no events: new or withheld items) and, when available, their text vectors.
/// </summary>
/// <param name="Train">Training events. <c>Train.Items</c> is the catalogue id map: every item index is valid in <paramref name="Catalog"/> order.</param>
/// <param name="Catalog">Catalogue items, position = item index in <c>Train.Items</c>; may be empty when a model needs no text.</param>
/// <param name="ItemVectors">Row-major unit vectors, one row per item index (<c>Train.Items.Count × Dimensions</c>), or null.</param>
/// <param name="Dimensions">Width of a vector row (0 when <paramref name="ItemVectors"/> is null).</param>
public sealed record RecommenderData(EventTable Train, IReadOnlyList<Item> Catalog, float[]? ItemVectors, int Dimensions)
{
    /// <summary>Which events are positive implicit feedback (<see cref="EventWeights.IsPositive"/>); models keep it for their queries.</summary>
    public EventWeights Feedback { get; init; } = EventWeights.Default;

    public IdMap Users => Train.Users;
    public IdMap Items => Train.Items;
}
