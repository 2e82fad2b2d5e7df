using System.Security.Cryptography;
using Strata.Engine;

namespace Strata.Server.Experiments;

/// <summary>
/// Checks an experiment's definition, the same for settings and the API. Problems name the field as the API knows it
/// (<c>variants[1].share</c>); <see cref="SettingsKey"/> turns that into the configuration key.
/// </summary>
internal static class ExperimentRules
{
    public const int MaxVariants = 10;
    public const int MaxNameLength = 64;
    private const double ShareTolerance = 1e-6;

    /// <summary>The experiment defined by <paramref name="settings"/>, or the problems that stop it (field, message).</summary>
    /// <param name="defaultModel">The served model's settings: a variant's unset λ and seed come from it.</param>
    /// <param name="defaultSalt">The salt when none is given.</param>
    public static (Experiment? Experiment, List<(string Field, string Problem)> Problems) Check(ExperimentSettings settings, ModelOptions defaultModel,
        string defaultSalt, DateTimeOffset now)
    {
        var problems = new List<(string, string)>();
        if (NameProblem(settings.Id) is { } idProblem) problems.Add(("id", idProblem));
        var variants = new List<Variant>();
        if (settings.Variants is not { Count: >= 2 and <= MaxVariants } list)
        {
            problems.Add(("variants", $"Give between 2 and {MaxVariants} variants."));
            return (null, problems);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            var at = $"variants[{i}]";
            var variant = list[i];
            if (variant is null) { problems.Add((at, "Required.")); continue; }
            if (NameProblem(variant.Name) is { } nameProblem) problems.Add(($"{at}.name", nameProblem));
            else if (!names.Add(variant.Name!)) problems.Add(($"{at}.name", $"The name '{variant.Name}' is used by another variant."));
            if (variant.Share is not { } share || !(share > 0 && share <= 1)) problems.Add(($"{at}.share", "Must be a number above 0 and at most 1."));
            var model = variant.Model;
            if (model?.Kind is not { } kind || !ModelKinds.Names.Contains(kind, StringComparer.OrdinalIgnoreCase))
                problems.Add(($"{at}.model.kind", $"Must be one of {string.Join(", ", ModelKinds.Names)}."));
            if (model?.EaseLambda is { } lambda && !(lambda >= 1e-6 && lambda <= 1e9)) problems.Add(($"{at}.model.easeLambda", "Must be between 1e-6 and 1e9."));
            variants.Add(new Variant(variant.Name ?? "", new ModelOptions
            {
                Kind = model?.Kind?.ToLowerInvariant() ?? "",
                EaseLambda = model?.EaseLambda ?? defaultModel.EaseLambda,
                Seed = model?.Seed ?? defaultModel.Seed,
            }, variant.Share ?? 0));
        }
        if (problems.Count == 0 && Math.Abs(variants.Sum(v => v.Share) - 1) > ShareTolerance)
            problems.Add(("variants", $"The shares sum to {variants.Sum(v => v.Share):0.######}; they must sum to 1."));
        if (settings.Control is { } control && !names.Contains(control)) problems.Add(("control", $"No variant is named '{control}'."));
        if (settings.Salt is { Length: 0 or > 200 }) problems.Add(("salt", "Must be 1 to 200 characters."));
        if (problems.Count > 0) return (null, problems);
        return (new Experiment(settings.Id!, variants, settings.Control ?? variants[0].Name, settings.Salt ?? defaultSalt, now, Running: true, Winner: null, Stopped: null), problems);
    }

    /// <summary>A fresh random salt (posted experiments), so their assignments are independent of every other experiment's.</summary>
    public static string RandomSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The configuration key of an API field: <c>variants[1].model.kind</c> → <c>Strata:Experiments:{id}:Variants:1:Model:Kind</c>.</summary>
    public static string SettingsKey(string id, string field) =>
        $"{StrataServerOptions.Section}:Experiments:{id}:" + string.Join(':', field.Split('.').Select(part =>
        {
            var bracket = part.IndexOf('[');
            var name = char.ToUpperInvariant(part[0]) + (bracket < 0 ? part[1..] : part[1..bracket]);
            return bracket < 0 ? name : $"{name}:{part[(bracket + 1)..^1]}";
        }));

    /// <summary>Ids and variant names: 1–64 letters, digits, '-', '_' or '.'.</summary>
    private static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "Required.";
        if (name.Length > MaxNameLength) return $"At most {MaxNameLength} characters.";
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return "Use only letters, digits, '-', '_' and '.'.";
        return null;
    }
}
