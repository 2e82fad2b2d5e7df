using Strata.Core.Domain;

namespace Strata.Interests.Profiles;

/// <summary><c>w(type, value)</c> compiled from <see cref="EventWeightOptions"/> into a lookup table for the update loop.</summary>
public sealed class EventWeights
{
    private readonly float[] _byType;
    private readonly float _ratingNeutral;
    private readonly float _ratingScale;
    private readonly bool _positiveByWeight;

    public EventWeights(EventWeightOptions options)
    {
        Options = options;
        _byType = new float[EventTypes.All.Count];
        foreach (var type in EventTypes.All) _byType[(int)type] = options.WeightOf(type);
        _ratingNeutral = options.RatingNeutral;
        _ratingScale = options.RatingScale;
        _positiveByWeight = options.LearnFrom == PositiveFeedback.PositiveWeights;
    }

    /// <summary>The settings these weights were compiled from.</summary>
    public EventWeightOptions Options { get; }

    /// <summary>The default weights.</summary>
    public static EventWeights Default { get; } = new(new EventWeightOptions());

    /// <summary>The weight of one event; <paramref name="value"/> is NaN when the event has none.</summary>
    public float Weigh(EventType type, float value)
    {
        if (float.IsNaN(value)) return _byType[(int)type];
        return type switch
        {
            EventType.Rating => (value - _ratingNeutral) * _ratingScale,
            EventType.Purchase => _byType[(int)type] * MathF.Max(1f, value),
            _ => _byType[(int)type],
        };
    }

    /// <summary>
    /// True when an event is positive implicit feedback under <see cref="EventWeightOptions.LearnFrom"/>; <paramref name="value"/>
    /// is NaN when the event has none.
    /// </summary>
    public bool IsPositive(EventType type, float value) =>
        _positiveByWeight ? Weigh(type, value) > 0 : _byType[(int)type] > 0;

    public float Weigh(Event e) => Weigh(e.Type, e.Value is { } v ? (float)v : float.NaN);
}
