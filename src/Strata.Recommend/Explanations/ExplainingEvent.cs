using Strata.Core.Domain;

namespace Strata.Recommend.Explanations;

/// <summary>One of the user's own events that carries a recommendation, with what it adds to the item's score.</summary>
/// <param name="Item">Dense index of the history item.</param>
/// <param name="Type">The event's type.</param>
/// <param name="Seconds">When it happened (unix seconds).</param>
/// <param name="Contribution">What this history item adds to the recommended item's collaborative score (&gt; 0).</param>
/// <param name="SameInterest">True when the history item lies in the recommended item's meso group.</param>
public sealed record ExplainingEvent(int Item, EventType Type, long Seconds, float Contribution, bool SameInterest);
