using System.Globalization;
using Microsoft.Extensions.Configuration;
using Strata.Core.Domain;
using Strata.Evaluation.Splits;

namespace Strata.Evaluation;

/// <summary>
/// The protocol settings of <c>strata eval</c> under <c>Strata:Evaluation</c> (appsettings.json, <c>Strata__Evaluation__X</c>
/// environment variables, or the flags that set the same keys: <c>--cut</c>, <c>--test-fraction</c>, <c>--relevant</c>).
/// </summary>
public sealed class EvaluationSettings
{
    public const string Section = "Strata:Evaluation";

    /// <summary>The <c>temporal</c> protocol's cut T (ISO 8601); null: the time that leaves the last <see cref="TemporalTestFraction"/> of events.</summary>
    public DateTimeOffset? TemporalCut { get; set; }

    /// <summary>Share of events after the default temporal cut, in (0, 1).</summary>
    public double TemporalTestFraction { get; set; } = 0.1;

    /// <summary>Comma-separated event types whose test events are relevant (e.g. <c>purchase</c>); null: every interaction type.</summary>
    public string? RelevantTypes { get; set; }

    /// <summary>Binds <see cref="Section"/> and validates it.</summary>
    /// <exception cref="EvaluationException">A value that cannot be read or is out of range; the message names its key.</exception>
    public static EvaluationSettings Bind(IConfiguration configuration)
    {
        var settings = new EvaluationSettings();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new EvaluationException(e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }
        settings.Validate();
        return settings;
    }

    /// <exception cref="EvaluationException">A setting is out of range; the message names its key.</exception>
    public void Validate()
    {
        if (TemporalTestFraction is not (> 0 and < 1))
            throw new EvaluationException(string.Create(CultureInfo.InvariantCulture, $"{Section}:TemporalTestFraction is {TemporalTestFraction}; it must lie strictly between 0 and 1"));
        _ = RelevantTypeSet();
    }

    /// <summary>The parsed <see cref="RelevantTypes"/>, or null for every interaction type.</summary>
    /// <exception cref="EvaluationException">A name that is not an event type evaluation keeps.</exception>
    public IReadOnlySet<EventType>? RelevantTypeSet()
    {
        if (string.IsNullOrWhiteSpace(RelevantTypes)) return null;
        var allowed = EventTypes.All.Where(EvaluationDatasets.IsInteraction).Select(t => t.Name());
        var set = new HashSet<EventType>();
        foreach (var name in RelevantTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EventTypes.TryParse(name, out var type) || !EvaluationDatasets.IsInteraction(type))
                throw new EvaluationException($"{Section}:RelevantTypes: '{name}' is not an interaction event type (expected some of: {string.Join(", ", allowed)})");
            set.Add(type);
        }
        return set.Count == 0 ? null : set;
    }
}
