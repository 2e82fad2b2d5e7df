using Strata.Core.Domain;

namespace Strata.Interests.Profiles;

/// <summary>
/// How much each event counts toward a user's interest strength, <c>w(type, value)</c>. Negative weights subtract.
/// A rating weighs <c>(value − <see cref="RatingNeutral"/>) × <see cref="RatingScale"/></c>, so ratings below the neutral value are negative feedback;
/// a purchase weighs <c>Purchase × max(1, quantity)</c>; every other type weighs its fixed weight.
/// </summary>
public sealed class EventWeightOptions
{
    public float View { get; set; } = 0.5f;
    public float Click { get; set; } = 1f;
    /// <summary>Searches carry no item, so they do not move node strengths.</summary>
    public float Search { get; set; } = 0f;
    public float Purchase { get; set; } = 3f;
    public float AddToCart { get; set; } = 2f;
    public float Tag { get; set; } = 1.5f;
    /// <summary>Shown and not clicked: a weak negative.</summary>
    public float Impression { get; set; } = -0.1f;
    public float Dislike { get; set; } = -2f;

    /// <summary>The rating value that is neither liked nor disliked (on a 1–5 scale, 2 keeps 3 mildly positive).</summary>
    public float RatingNeutral { get; set; } = 2f;
    /// <summary>Weight per rating point above <see cref="RatingNeutral"/>.</summary>
    public float RatingScale { get; set; } = 0.5f;
    /// <summary>Weight of a rating event that has no value.</summary>
    public float RatingWithoutValue { get; set; } = 1f;

    /// <summary>Which events the collaborative models learn from (<see cref="PositiveFeedback"/>).</summary>
    public PositiveFeedback LearnFrom { get; set; } = PositiveFeedback.PositiveTypes;

    /// <summary>The fixed weight of a type (ratings and purchases also scale by value, see the type summary).</summary>
    public float WeightOf(EventType type) => type switch
    {
        EventType.View => View,
        EventType.Click => Click,
        EventType.Search => Search,
        EventType.Rating => RatingWithoutValue,
        EventType.Purchase => Purchase,
        EventType.AddToCart => AddToCart,
        EventType.Tag => Tag,
        EventType.Impression => Impression,
        EventType.Dislike => Dislike,
        _ => 0f,
    };
}

/// <summary>
/// Which events count as positive implicit feedback — an entry X[u,i] = 1 of the collaborative models, the items a history
/// is queried with — derived from the weights rather than a rule of its own.
/// </summary>
public enum PositiveFeedback
{
    /// <summary>
    /// Events whose type has a positive fixed weight, whatever their value: every rating counts (a watched-but-disliked
    /// film still predicts what gets watched, and the standard protocols count any rated item as relevant).
    /// </summary>
    PositiveTypes,

    /// <summary>Events whose own weight w(type, value) is positive: a rating at or below <see cref="EventWeightOptions.RatingNeutral"/> does not count.</summary>
    PositiveWeights,
}
