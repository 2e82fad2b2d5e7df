using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Strata.Embeddings;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Engine;

/// <summary>
/// The one options tree every host binds (<c>Strata</c> section: appsettings.json, <c>Strata__X</c> environment
/// variables, and CLI flags written to the same keys). Each stage reads its own section from here; nothing else
/// declares a default for these settings.
/// </summary>
public sealed class EngineOptions
{
    public const string Section = "Strata";

    /// <summary>
    /// How an item becomes encoder text (<see cref="Strata.Embeddings.Text.ItemTextTemplate"/> pattern). Null: chosen from the
    /// catalogue's fields (<see cref="ItemTexts"/>), the one policy every host uses.
    /// </summary>
    public string? ItemText { get; set; }

    public ModelOptions Model { get; set; } = new();

    public EmbeddingOptions Embeddings { get; set; } = new();

    public TaxonomyOptions Taxonomy { get; set; } = new();

    /// <summary>Node names: an optional OpenAI-compatible chat model (<c>Strata:Labels:Chat</c>) that names each node; offline labels otherwise.</summary>
    public LabelOptions Labels { get; set; } = new();

    public InterestOptions Interests { get; set; } = new();

    /// <summary><c>w(type, value)</c>: the weights of the profiles, the diversity slots and the explanations, and the collaborative models' notion of a positive event.</summary>
    public EventWeightOptions EventWeights { get; set; } = new();

    /// <summary>
    /// Set (by <see cref="WithApplicationEncoder"/>, never bound) when a hosting application embeds with its own generator:
    /// its identity replaces the configured encoder's in the stamp.
    /// </summary>
    public string? ApplicationEncoder { get; private set; }

    /// <summary>Binds the <c>Strata</c> section and validates it.</summary>
    /// <exception cref="EngineOptionsException">A setting is invalid; the message names its key.</exception>
    public static EngineOptions Bind(IConfiguration configuration)
    {
        var options = new EngineOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert.
            throw new EngineOptionsException(e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }
        options.Validate();
        return options;
    }

    /// <summary>Checks every section; the first problem is thrown with its configuration key.</summary>
    /// <exception cref="EngineOptionsException">A setting is invalid.</exception>
    public void Validate()
    {
        Check(Model, $"{Section}:Model");
        if (!ModelKinds.Names.Contains(Model.Kind, StringComparer.OrdinalIgnoreCase))
            throw new EngineOptionsException($"{Section}:Model:Kind is '{Model.Kind}'; expected one of {string.Join(", ", ModelKinds.Names)}.");
        ModelKinds.Tower(Model);
        Model.MemoryBudgetBytes();
        Check(Embeddings, $"{Section}:Embeddings");
        Check(Embeddings.Remote, $"{Section}:Embeddings:Remote");
        if (!EmbeddingGeneratorFactory.ModelNames.Contains(Embeddings.Model, StringComparer.OrdinalIgnoreCase))
            throw new EngineOptionsException($"{Section}:Embeddings:Model is '{Embeddings.Model}'; expected one of {string.Join(", ", EmbeddingGeneratorFactory.ModelNames)}.");
        Check(Interests, $"{Section}:Interests");
        Check(Labels.Chat, $"{Section}:Labels:Chat");
        if (Interests.ShortHalfLife >= Interests.HalfLife)
            throw new EngineOptionsException($"{Section}:Interests:ShortHalfLife ({Interests.ShortHalfLife}) must be shorter than {Section}:Interests:HalfLife ({Interests.HalfLife}).");
        if (Taxonomy.MinMacroNodes < 2 || Taxonomy.MaxMacroNodes < Taxonomy.MinMacroNodes)
            throw new EngineOptionsException($"{Section}:Taxonomy:MinMacroNodes must be ≥ 2 and ≤ {Section}:Taxonomy:MaxMacroNodes.");
        if (Taxonomy.MacroNodes is < 2)
            throw new EngineOptionsException($"{Section}:Taxonomy:MacroNodes must be ≥ 2.");
        if (Taxonomy.MinMesoPerMacro < 1 || Taxonomy.MaxMesoPerMacro < Taxonomy.MinMesoPerMacro)
            throw new EngineOptionsException($"{Section}:Taxonomy:MinMesoPerMacro must be ≥ 1 and ≤ {Section}:Taxonomy:MaxMesoPerMacro.");
        if (Taxonomy.MaxMacroShare is <= 0 or > 1)
            throw new EngineOptionsException($"{Section}:Taxonomy:MaxMacroShare must be in (0, 1].");
        foreach (var (name, weight) in Weights())
            if (!float.IsFinite(weight)) throw new EngineOptionsException($"{Section}:EventWeights:{name} must be a finite number.");
        if (EventWeights.RatingScale <= 0) throw new EngineOptionsException($"{Section}:EventWeights:RatingScale must be positive.");
        if (ItemText is { Length: 0 }) throw new EngineOptionsException($"{Section}:ItemText must not be empty (leave it unset to choose from the catalogue).");
    }

    /// <summary>These settings with another model (an online experiment's variant): every other stage's settings are shared.</summary>
    /// <exception cref="EngineOptionsException">The model's settings are invalid.</exception>
    public EngineOptions WithModel(ModelOptions model)
    {
        var copy = (EngineOptions)MemberwiseClone();
        copy.Model = model;
        copy.Validate();
        return copy;
    }

    /// <summary>These settings with vectors from an application's own generator, known by <paramref name="identity"/>.</summary>
    public EngineOptions WithApplicationEncoder(string identity)
    {
        var copy = (EngineOptions)MemberwiseClone();
        copy.ApplicationEncoder = identity;
        return copy;
    }

    /// <summary>
    /// A hash of every setting a fitted model depends on (model, item text, encoder, taxonomy, interests, weights): a
    /// saved model or taxonomy whose stamp differs was made under other settings and is rebuilt.
    /// </summary>
    public string Fingerprint()
    {
        var view = new
        {
            ItemText,
            Model,
            Encoder = ApplicationEncoder is { } application ? (object)new { Application = application } : new { Embeddings.Model, Embeddings.MaxTokens, Embeddings.Remote.Endpoint, RemoteModel = Embeddings.Remote.Model, Embeddings.Remote.Dimensions },
            Taxonomy = TaxonomyFingerprintView(),
            Chat = Labels.Chat.Enabled ? new { Labels.Chat.Endpoint, Labels.Chat.Model } : null,
            Interests,
            EventWeights,
        };
        return Hash(JsonSerializer.Serialize(view));
    }

    /// <summary>The taxonomy's settings as hashed into a saved tree's stamp (the chat namer is a labelling choice, not a shape).</summary>
    internal object TaxonomyFingerprintView() => new
    {
        Taxonomy.Seed, Taxonomy.MacroNodes, Taxonomy.MinMacroNodes, Taxonomy.MaxMacroNodes, Taxonomy.MacroMethod, Taxonomy.MaxFineClusters,
        Taxonomy.MaxMacroShare, Taxonomy.MinMesoPerMacro, Taxonomy.MaxMesoPerMacro, Taxonomy.MinMesoSize, Taxonomy.MaxIterations,
        Taxonomy.SilhouetteSample, Taxonomy.KStep, Taxonomy.Restarts, Taxonomy.Categories, Taxonomy.CategoryBlend, Taxonomy.TermsPerNode,
        Taxonomy.LabelTerms, Taxonomy.MinLabelShare, Taxonomy.MiniBatchAbove,
    };

    internal static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    private IEnumerable<(string, float)> Weights() =>
    [
        (nameof(EventWeightOptions.View), EventWeights.View), (nameof(EventWeightOptions.Click), EventWeights.Click),
        (nameof(EventWeightOptions.Search), EventWeights.Search), (nameof(EventWeightOptions.Purchase), EventWeights.Purchase),
        (nameof(EventWeightOptions.AddToCart), EventWeights.AddToCart), (nameof(EventWeightOptions.Tag), EventWeights.Tag),
        (nameof(EventWeightOptions.Impression), EventWeights.Impression), (nameof(EventWeightOptions.Dislike), EventWeights.Dislike),
        (nameof(EventWeightOptions.RatingNeutral), EventWeights.RatingNeutral), (nameof(EventWeightOptions.RatingScale), EventWeights.RatingScale),
        (nameof(EventWeightOptions.RatingWithoutValue), EventWeights.RatingWithoutValue),
    ];

    private static void Check(object section, string key)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true)) return;
        var first = results[0];
        var member = first.MemberNames.FirstOrDefault();
        throw new EngineOptionsException(member is null ? $"{key}: {first.ErrorMessage}" : $"{key}:{member}: {first.ErrorMessage}");
    }
}
