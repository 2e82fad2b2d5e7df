using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Strata.Embeddings;
using Strata.Embeddings.Text;
using Strata.Engine;
using Strata.Evaluation.Comparison;
using Strata.Evaluation.Reports;
using Strata.Evaluation.Splits;
using Strata.Interests.Profiles;
using Strata.Recommend;

namespace Strata.Evaluation.Harness;

/// <summary>
/// Runs a whole evaluation as <c>strata eval</c> does: read the dataset (built-in, an import folder or a store), split it
/// by the protocol, embed the catalogue (cached) when vectors are wanted, fit and score each model through the seam, and
/// gather the report; or, for <c>--compare</c>, two engine configurations on the same split with paired intervals.
/// </summary>
public static class EvaluationRunner
{
    public static async Task<EvaluationReport> RunAsync(EvaluationRunOptions options, IEvaluationProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        var trainers = options.Models.Select(name => (Name: name, Trainer: ModelRoster.Create(name, new ModelRosterOptions { EaseLambda = options.EaseLambda, Seed = options.Seed, TextVectors = options.TextVectors, Validation = ValidationShape(options.Protocol) }))).ToList();
        if (options.Ablate && !options.Models.Contains(Engine.ModelKinds.Strata))
            throw new EvaluationException($"--ablate removes signal families from Strata's model: include {Engine.ModelKinds.Strata} in --models");
        var needy = options.Models.Where(ModelRoster.NeedsVectors).ToList();
        if (options.WithoutVectors && needy.Count > 0)
            throw new EvaluationException($"model(s) {string.Join(", ", needy)} need item vectors: choose an --embedding-model other than none");
        var (dataset, split) = await PrepareAsync(options, progress, cancellationToken);

        var notes = new List<string>();
        var engine = new EngineOptions { Embeddings = new EmbeddingOptions { Model = options.EmbeddingModel, VectorCachePath = options.VectorCachePath } };
        var (vectors, dimensions) = await VectorsAsync(dataset, engine, options, notes, progress, cancellationToken);
        AddNotes(notes, split);

        var harness = new EvaluationHarness(new EvaluationOptions { K = options.K, MaxDegreeOfParallelism = options.Threads });
        var rows = new List<ModelResult>();
        IReadOnlyList<DiversityPoint>? curve = null;
        List<Ablation>? ablations = options.Ablate ? [] : null;
        foreach (var (name, trainer) in trainers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = FitAndScore(name, trainer, split, vectors, dimensions, harness, rows, notes, progress, cancellationToken);
            if (ablations is not null && trainer is Recommend.Fusion.StrataTrainer full)
            {
                var fullRows = rows.Where(r => r.Name == name).ToList();
                foreach (var family in full.Families(new Recommend.RecommenderData(split.Train, split.Catalog, vectors, dimensions)))
                {
                    var familyName = Recommend.Fusion.SignalFamilies.Name(family);
                    var ablatedName = $"{name}-no-{familyName}";
                    FitAndScore(ablatedName, full.Without(family), split, vectors, dimensions, harness, rows, notes, progress, cancellationToken);
                    var ablatedRows = rows.Where(r => r.Name == ablatedName).ToList();
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
        if (ablations is not null) notes.AddRange(ablations.Select(a => AblationNote(a, options)));
        return new EvaluationReport(dataset.Name, split.Protocol, options.K, rows, Settings(options, dataset, split), split.Description, notes, curve, Ablations: ablations);
    }

    /// <summary>
    /// Fits two engine configurations (<c>Strata:</c> settings: model kind and options, encoder, item text…) on the same
    /// training split, scores both on the same test queries, and reports per metric and test set the paired bootstrap
    /// interval of B − A over the test users (<see cref="PairedBootstrap"/>, seeded by <see cref="EvaluationRunOptions.Seed"/>).
    /// </summary>
    /// <param name="configurations">Exactly two (label, settings) pairs: A, then B.</param>
    public static async Task<EvaluationReport> CompareAsync(EvaluationRunOptions options, IReadOnlyList<(string Label, EngineOptions Options)> configurations,
        IEvaluationProgress? progress = null, CancellationToken cancellationToken = default)
    {
        if (configurations.Count != 2) throw new EvaluationException($"--compare takes exactly two configurations, not {configurations.Count}");
        if (configurations[0].Label == configurations[1].Label) throw new EvaluationException($"--compare: both configurations are labelled '{configurations[0].Label}'");
        foreach (var (label, engine) in configurations)
            if (options.WithoutVectors && ModelKinds.NeedsVectors(engine.Model.Kind))
                throw new EvaluationException($"{label}: model {engine.Model.Kind} needs item vectors: drop --embedding-model none");
        var (dataset, split) = await PrepareAsync(options, progress, cancellationToken);

        var notes = new List<string>();
        var harness = new EvaluationHarness(new EvaluationOptions { K = options.K, MaxDegreeOfParallelism = options.Threads });
        var rows = new List<ModelResult>();
        var embedded = new Dictionary<string, (float[]? Vectors, int Dimensions)>();
        foreach (var (label, engine) in configurations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            engine.Embeddings.VectorCachePath ??= options.VectorCachePath;
            var vectorKey = $"{engine.Embeddings.Model}|{ItemTexts.For(engine, dataset.Catalog).Pattern}";
            if (!embedded.TryGetValue(vectorKey, out var vectors))
                embedded[vectorKey] = vectors = await VectorsAsync(dataset, engine, options, notes, progress, cancellationToken);
            var trainer = ModelKinds.Create(engine, validation: ValidationShape(options.Protocol));
            FitAndScore(label, trainer, split, vectors.Vectors, vectors.Dimensions, harness, rows, notes, progress, cancellationToken, new EventWeights(engine.EventWeights), engine.Model);
        }
        AddNotes(notes, split);
        var (a, b) = (configurations[0].Label, configurations[1].Label);
        var comparisons = new List<ConfigurationComparison>();
        foreach (var set in split.TestSets)
        {
            var rowA = rows.Single(r => r.Name == a && r.TestSet == set.Name);
            var rowB = rows.Single(r => r.Name == b && r.TestSet == set.Name);
            foreach (var (metric, valuesA) in rowA.UserValues!)
                comparisons.Add(new ConfigurationComparison(set.Name, metric, rowA.Metrics[metric], rowB.Metrics[metric],
                    PairedBootstrap.Compare(valuesA, rowB.UserValues![metric], options.Resamples, options.Seed)));
        }
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{b} − {a}: mean paired difference over the test users, 95% percentile interval from {options.Resamples} bootstrap resamples of the users (seed {options.Seed})") +
            "; coverage, diversity and novelty are list-level and not compared.");
        var settings = Settings(options, dataset, split);
        settings.Remove("models");
        settings.Remove("ease_lambda");
        foreach (var (label, engine) in configurations)
            settings[$"config_{label}"] = $"{engine.Model.Kind} (settings fingerprint {engine.Fingerprint()[..12]})";
        return new EvaluationReport(dataset.Name, split.Protocol, options.K, rows, settings, split.Description, notes, null, comparisons);
    }

    /// <summary>Reads the run's dataset (store, import folder or built-in name), with the relevant event types set.</summary>
    public static async Task<EvaluationDataset> ReadDatasetAsync(EvaluationRunOptions options, CancellationToken cancellationToken = default)
    {
        var dataset = options.Store is { } store ? await EvaluationDatasets.ReadStoreAsync(store, cancellationToken)
            : options.Format is { } format ? EvaluationDatasets.Read(format, options.Path ?? throw new EvaluationException("--format needs --path (the dataset's folder)"))
            : EvaluationDatasets.Load(options.Dataset, options.DataRoot);
        return dataset with { RelevantTypes = options.Settings.RelevantTypeSet() };
    }

    /// <summary>Reads and splits; a split that asks nobody anything is an error.</summary>
    private static async Task<(EvaluationDataset Dataset, EvaluationSplit Split)> PrepareAsync(EvaluationRunOptions options, IEvaluationProgress? progress,
        CancellationToken cancellationToken)
    {
        var splitter = Protocols.Create(options.Protocol, options.Seed, options.Settings);
        var stage = $"reading {options.Store ?? options.Path ?? options.Dataset}";
        progress?.Report(stage, 0, 1);
        var dataset = await ReadDatasetAsync(options, cancellationToken);
        var split = splitter.Split(dataset);
        progress?.Report(stage, 1, 1);
        if (split.TestSets.Sum(s => s.Cases.Count) == 0)
            throw new EvaluationException(string.Create(CultureInfo.InvariantCulture, $"empty test set: protocol {split.Protocol} on {dataset.Name} ({dataset.Events.Count:N0} interaction events) leaves no user with a relevant test item") +
                                          (dataset.RelevantTypes is { } types ? $" of type {string.Join(", ", types.Select(t => Core.Domain.EventTypes.Name(t)))}" : ""));
        return (dataset, split);
    }

    private static IRecommender FitAndScore(string name, IRecommenderTrainer trainer, EvaluationSplit split, float[]? vectors, int dimensions,
        EvaluationHarness harness, List<ModelResult> rows, List<string> notes, IEvaluationProgress? progress, CancellationToken cancellationToken,
        EventWeights? feedback = null, ModelOptions? settings = null)
    {
        ModelKinds.CheckMemory(trainer, DataShape.Of(split.Train, vectors is null ? 0 : dimensions), settings ?? new ModelOptions());
        var users = split.TestSets.Sum(s => s.Cases.Count);
        var stage = $"{name}: fit + score {users} queries";
        progress?.Report(stage, 0, users);
        var (model, fitSeconds) = EvaluationHarness.Fit(split, trainer, vectors, dimensions, feedback, cancellationToken);
        rows.AddRange(harness.Evaluate(model, name, split, vectors, dimensions, fitSeconds, done => progress?.Report(stage, done, users), cancellationToken));
        progress?.Report(stage, users, users);
        if (model is Recommend.Fusion.StrataModel strata) notes.Add(RankerNote(name, strata));
        return model;
    }

    private static void AddNotes(List<string> notes, EvaluationSplit split)
    {
        notes.Add("mrr and auc are over the full ranking of each user's candidates; the other accuracy metrics over the top-k list.");
        notes.Add("fit_seconds include any tuning a model does on validation data carved from training (EASE without --ease-lambda).");
        if (split.ColdItems is not null)
            notes.Add($"{EvaluationHarness.ColdCoverage}: share of withheld items recommended to at least one user; {EvaluationHarness.ColdShare}: share of list slots they fill.");
    }

    /// <summary>Per test set, the ablated model's paired nDCG@k difference from the full model over the same users.</summary>
    private static IEnumerable<Ablation> Compare(string family, List<ModelResult> full, IReadOnlyList<ModelResult> ablated, string metric, EvaluationRunOptions options)
    {
        foreach (var row in ablated)
        {
            var reference = full.Single(r => r.TestSet == row.TestSet);
            var delta = PairedBootstrap.Compare(reference.UserValues![metric], row.UserValues![metric], options.Resamples, options.Seed);
            yield return new Ablation(family, row.Name, row.TestSet, metric, delta);
        }
    }

    // A third section: a value that rounds to zero prints 0.0000, not "-+0.0000" (.NET formats it with the first section and the sign).
    private static string AblationNote(Ablation a, EvaluationRunOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"ablation, without {a.Family} ({a.TestSet}): Δ{a.Metric} {a.Delta.Difference:+0.0000;-0.0000;0.0000} [95 % {a.Delta.Low:+0.0000;-0.0000;0.0000}, {a.Delta.High:+0.0000;-0.0000;0.0000}], paired bootstrap over {a.Delta.Users} users, {options.Resamples} resamples{(a.Delta.ExcludesZero ? "" : " (interval holds 0)")}.");

    /// <summary>
    /// The validation carve that mirrors a protocol's test: next-item protocols hold out each warm user's latest item, the
    /// temporal cut each user's latest items, the others a random 20% of each user's items plus 20% of users whole (cold
    /// validation users, for short-history queries; only models that learn from them use them). Only the shape is taken
    /// from the protocol; the data is the training split.
    /// </summary>
    public static Recommend.Validation.ValidationOptions ValidationShape(string protocol) => protocol switch
    {
        LeaveLastOutSplitter.Name => new() { HoldOutLatest = true, HoldoutCount = 1 },
        TemporalSplitter.Name => new() { HoldOutLatest = true },
        _ => new() { ColdUserFraction = 0.2 },
    };

    /// <summary>Which ranker each history bucket of Strata's model kept, with the validation nDCG@10 that chose it.</summary>
    private static string RankerNote(string name, Recommend.Fusion.StrataModel model) =>
        $"{name} ranker, chosen on validation carved from training (cross-validated nDCG@10 prior / linear / boosted trees): " + string.Join("; ", model.Selection.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"history {s.Bucket}: prior {s.Prior} {s.PriorNdcg:0.0000} / linear {s.LinearNdcg:0.0000} / boosted {(double.IsNaN(s.BoostedNdcg) ? "off" : s.BoostedNdcg.ToString("0.0000", CultureInfo.InvariantCulture))} → {s.Chosen}"))) + ".";

    private const string NoVectorsNote = "diversity: n/a, run without item vectors (--embedding-model none).";

    /// <summary>
    /// The catalogue's vectors by the engine's encoder settings and item-text policy (<see cref="ItemTexts"/>), or none
    /// (<c>--embedding-model none</c>); says which in <paramref name="notes"/>.
    /// </summary>
    private static async Task<(float[]? Vectors, int Dimensions)> VectorsAsync(EvaluationDataset dataset, EngineOptions engine, EvaluationRunOptions options,
        List<string> notes, IEvaluationProgress? progress, CancellationToken cancellationToken)
    {
        if (options.WithoutVectors)
        {
            if (!notes.Contains(NoVectorsNote)) notes.Add(NoVectorsNote);
            return (null, 0);
        }
        var template = ItemTexts.For(engine, dataset.Catalog);
        var model = engine.Embeddings.Model;
        var stage = $"embedding {dataset.Catalog.Count} items ({model})";
        using var generator = EmbeddingGeneratorFactory.Create(engine.Embeddings);
        var reporter = new Progress<EmbeddingProgress>(p => progress?.Report(stage, p.Done, p.Total));
        var vectors = await CatalogEmbedder.EmbedAsync(generator, dataset.Catalog, template, reporter, cancellationToken);
        progress?.Report(stage, dataset.Catalog.Count, dataset.Catalog.Count);
        var dimensions = dataset.Catalog.Count == 0 ? 0 : vectors.Length / dataset.Catalog.Count;
        notes.Add($"diversity = 1 − mean pairwise cosine of {model} item vectors ({dimensions} dimensions, template \"{template.Pattern}\").");
        return (vectors, dimensions);
    }

    /// <summary>The settings a report embeds, with a short hash of them so runs with equal settings can be matched.</summary>
    private static Dictionary<string, string> Settings(EvaluationRunOptions options, EvaluationDataset dataset, EvaluationSplit split)
    {
        var settings = new Dictionary<string, string>
        {
            ["source"] = options.Store is not null ? $"store {dataset.Folder}" : options.Format is { } format ? $"{format} {dataset.Folder}" : $"dataset {dataset.Name}",
            ["models"] = string.Join(",", options.Models),
            ["ease_lambda"] = options.EaseLambda?.ToString(CultureInfo.InvariantCulture) ?? "tuned on validation",
            ["k"] = options.K.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["embedding_model"] = options.EmbeddingModel,
            ["text_vectors"] = options.TextVectors,
            ["relevant_types"] = dataset.RelevantTypes is { } types ? string.Join(",", types.Select(t => Core.Domain.EventTypes.Name(t)).Order(StringComparer.Ordinal)) : "every interaction",
            ["train_events"] = split.Train.Count.ToString(CultureInfo.InvariantCulture),
            ["test_events"] = split.Test.Count.ToString(CultureInfo.InvariantCulture),
            ["catalogue"] = split.Catalog.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (options.Ablate) settings["ablate"] = $"each signal family, paired bootstrap {options.Resamples} resamples";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";", settings.Select(s => $"{s.Key}={s.Value}")) + $";{dataset.Name};{options.Protocol}"));
        settings["options_hash"] = Convert.ToHexStringLower(hash)[..12];
        settings["machine"] = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}";
        return settings;
    }
}
