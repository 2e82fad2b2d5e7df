using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Strata.Embeddings;
using Strata.Embeddings.Text;
using Strata.Evaluation.Reports;
using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Harness;

/// <summary>
/// Runs a whole evaluation as <c>strata eval</c> does: read the dataset, split it by the protocol, embed the catalogue
/// (cached) when vectors are wanted, fit and score each model through the seam, and gather the report.
/// </summary>
public static class EvaluationRunner
{
    public static async Task<EvaluationReport> RunAsync(EvaluationRunOptions options, IEvaluationProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        var splitter = Protocols.Create(options.Protocol, options.Seed);
        var trainers = options.Models.Select(name => (Name: name, Trainer: ModelRoster.Create(name, new ModelRosterOptions { EaseLambda = options.EaseLambda, Seed = options.Seed, TextVectors = options.TextVectors, Validation = ValidationShape(options.Protocol) }))).ToList();
        var withoutVectors = string.Equals(options.EmbeddingModel, "none", StringComparison.OrdinalIgnoreCase);
        if (options.Ablate && !options.Models.Contains(Engine.ModelKinds.Strata))
            throw new EvaluationException($"--ablate removes signal families from Strata's model: include {Engine.ModelKinds.Strata} in --models");
        var needy = options.Models.Where(ModelRoster.NeedsVectors).ToList();
        if (withoutVectors && needy.Count > 0)
            throw new EvaluationException($"model(s) {string.Join(", ", needy)} need item vectors: choose an --embedding-model other than none");

        progress?.Report($"reading {options.Dataset}", 0, 1);
        var dataset = EvaluationDatasets.Load(options.Dataset, options.DataRoot);
        var split = splitter.Split(dataset);
        progress?.Report($"reading {options.Dataset}", 1, 1);

        float[]? vectors = null;
        int dimensions = 0;
        var notes = new List<string>();
        if (!withoutVectors)
        {
            (vectors, dimensions) = await EmbedAsync(dataset, options, progress, cancellationToken);
            notes.Add($"diversity = 1 − mean pairwise cosine of {options.EmbeddingModel} item vectors ({dimensions} dimensions, template \"{ItemTextTemplate.ForDataset(dataset.Name).Pattern}\").");
        }
        else notes.Add("diversity: n/a, run without item vectors (--embedding-model none).");
        notes.Add("mrr and auc are over the full ranking of each user's candidates; the other accuracy metrics over the top-k list.");
        notes.Add("fit_seconds include any tuning a model does on validation data carved from training (EASE without --ease-lambda).");
        if (split.ColdItems is not null)
            notes.Add($"{EvaluationHarness.ColdCoverage}: share of withheld items recommended to at least one user; {EvaluationHarness.ColdShare}: share of list slots they fill.");

        var harness = new EvaluationHarness(new EvaluationOptions { K = options.K, MaxDegreeOfParallelism = options.Threads });
        var rows = new List<ModelResult>();
        IReadOnlyList<DiversityPoint>? curve = null;
        List<Ablation>? ablations = options.Ablate ? [] : null;
        var users = split.TestSets.Sum(s => s.Cases.Count);
        foreach (var (name, trainer) in trainers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stage = $"{name}: fit + score {users} queries";
            progress?.Report(stage, 0, users);
            var (model, fitSeconds) = EvaluationHarness.Fit(split, trainer, vectors, dimensions, cancellationToken);
            rows.AddRange(harness.Evaluate(model, name, split, vectors, dimensions, fitSeconds, done => progress?.Report(stage, done, users), cancellationToken));
            progress?.Report(stage, users, users);
            if (model is Recommend.Fusion.StrataModel strata) notes.Add(RankerNote(name, strata));
            if (ablations is not null && trainer is Recommend.Fusion.StrataTrainer full)
            {
                var fullRows = rows.Where(r => r.Name == name).ToList();
                foreach (var family in full.Families(new Recommend.RecommenderData(split.Train, split.Catalog, vectors, dimensions)))
                {
                    var familyName = Recommend.Fusion.SignalFamilies.Name(family);
                    var ablatedName = $"{name}-no-{familyName}";
                    var ablationStage = $"{ablatedName}: fit + score {users} queries";
                    progress?.Report(ablationStage, 0, users);
                    var (ablated, ablatedSeconds) = EvaluationHarness.Fit(split, full.Without(family), vectors, dimensions, cancellationToken);
                    var ablatedRows = harness.Evaluate(ablated, ablatedName, split, vectors, dimensions, ablatedSeconds, done => progress?.Report(ablationStage, done, users), cancellationToken);
                    rows.AddRange(ablatedRows);
                    progress?.Report(ablationStage, users, users);
                    ablations.AddRange(Compare(familyName, fullRows, ablatedRows, $"ndcg@{options.K}", options));
                }
            }
            if (options.DiversityCurve && name == ModelRoster.DiversifiedModel)
            {
                var knob = ModelRoster.DiversityKnob(model, split.Catalog, vectors, dimensions);
                var curveStage = $"{name}: accuracy–diversity curve ({DiversityCurve.DefaultKnobs.Count} knob values)";
                progress?.Report(curveStage, 0, 1);
                curve = DiversityCurve.Measure(knob, DiversityCurve.DefaultKnobs, split.TestSets[0], split, vectors, dimensions, harness.Options, cancellationToken);
                progress?.Report(curveStage, 1, 1);
                notes.Add($"accuracy–diversity curve: {name} at knob 0…1 (proportional slots across the user's interests, genre paths), on test set '{split.TestSets[0].Name}'.");
            }
        }
        if (ablations is not null) notes.AddRange(ablations.Select(AblationNote));
        return new EvaluationReport(dataset.Name, split.Protocol, options.K, rows, Settings(options, split), split.Description, notes, curve, ablations);
    }

    /// <summary>Per test set, the ablated model's paired nDCG@k difference from the full model over the same users.</summary>
    private static IEnumerable<Ablation> Compare(string family, List<ModelResult> full, IReadOnlyList<ModelResult> ablated, string metric, EvaluationRunOptions options)
    {
        foreach (var row in ablated)
        {
            var reference = full.Single(r => r.TestSet == row.TestSet);
            var delta = Metrics.PairedBootstrap.MeanDifference(reference.PerUser![metric], row.PerUser![metric], options.BootstrapResamples, options.Seed);
            yield return new Ablation(family, row.Name, row.TestSet, metric, delta);
        }
    }

    private static string AblationNote(Ablation a) => string.Create(CultureInfo.InvariantCulture,
        $"ablation, without {a.Family} ({a.TestSet}): Δ{a.Metric} {a.Delta.Mean:+0.0000;-0.0000} [95 % {a.Delta.Low:+0.0000;-0.0000}, {a.Delta.High:+0.0000;-0.0000}], paired bootstrap over {a.Delta.Users} users, {a.Delta.Resamples} resamples{(a.Delta.ExcludesZero ? "" : " (interval holds 0)")}.");

    /// <summary>
    /// The validation carve that mirrors a protocol's test: next-item protocols hold out each warm user's latest item, the
    /// others a random 20% of each user's items plus 20% of users whole (cold validation users, for short-history queries;
    /// only models that learn from them use them). Only the shape is taken from the protocol; the data is the training split.
    /// </summary>
    public static Recommend.Validation.ValidationOptions ValidationShape(string protocol) => protocol == LeaveLastOutSplitter.Name
        ? new() { HoldOutLatest = true, HoldoutCount = 1 }
        : new() { ColdUserFraction = 0.2 };

    /// <summary>Which ranker each history bucket of Strata's model kept, with the validation nDCG@10 that chose it.</summary>
    private static string RankerNote(string name, Recommend.Fusion.StrataModel model) =>
        $"{name} ranker, chosen on validation carved from training (nDCG@10 prior / learned): " + string.Join("; ", model.Selection.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"history {s.Bucket}: prior {s.Prior} {s.PriorNdcg:0.0000} / learned {s.LearnedNdcg:0.0000} → {(s.UsesLearnedWeights ? "learned" : "prior")}"))) + ".";

    private static async Task<(float[] Vectors, int Dimensions)> EmbedAsync(EvaluationDataset dataset, EvaluationRunOptions options,
        IEvaluationProgress? progress, CancellationToken cancellationToken)
    {
        var stage = $"embedding {dataset.Catalog.Count} items ({options.EmbeddingModel})";
        using var generator = EmbeddingGeneratorFactory.Create(options.EmbeddingModel,
            new EmbeddingOptions { Model = options.EmbeddingModel, VectorCachePath = options.VectorCachePath });
        var reporter = new Progress<EmbeddingProgress>(p => progress?.Report(stage, p.Done, p.Total));
        var vectors = await CatalogEmbedder.EmbedAsync(generator, dataset.Catalog, ItemTextTemplate.ForDataset(dataset.Name), reporter, cancellationToken);
        progress?.Report(stage, dataset.Catalog.Count, dataset.Catalog.Count);
        return (vectors, dataset.Catalog.Count == 0 ? 0 : vectors.Length / dataset.Catalog.Count);
    }

    /// <summary>The settings a report embeds, with a short hash of them so runs with equal settings can be matched.</summary>
    private static Dictionary<string, string> Settings(EvaluationRunOptions options, EvaluationSplit split)
    {
        var settings = new Dictionary<string, string>
        {
            ["models"] = string.Join(",", options.Models),
            ["ease_lambda"] = options.EaseLambda?.ToString(CultureInfo.InvariantCulture) ?? "tuned on validation",
            ["k"] = options.K.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["embedding_model"] = options.EmbeddingModel,
            ["train_events"] = split.Train.Count.ToString(CultureInfo.InvariantCulture),
            ["test_events"] = split.Test.Count.ToString(CultureInfo.InvariantCulture),
            ["catalogue"] = split.Catalog.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (options.TextVectors != Engine.ModelKinds.FrozenVectors) settings["text_vectors"] = options.TextVectors;
        if (options.Ablate) settings["ablate"] = $"each signal family, paired bootstrap {options.BootstrapResamples} resamples";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";", settings.Select(s => $"{s.Key}={s.Value}")) + $";{options.Dataset};{options.Protocol}"));
        settings["options_hash"] = Convert.ToHexStringLower(hash)[..12];
        settings["machine"] = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}";
        return settings;
    }
}
