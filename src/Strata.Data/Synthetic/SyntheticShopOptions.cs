namespace Strata.Data.Synthetic;

/// <summary>
/// Shape of a <see cref="SyntheticShop"/>. Defaults make a small shop (10⁴ items, 10⁵ events); the issue-14 scale is
/// <c>Items = 1_000_000, Users = 500_000, Events = 10_000_000</c>.
/// </summary>
public sealed record SyntheticShopOptions
{
    public int Seed { get; init; } = 42;
    public int Items { get; init; } = 10_000;
    public int Users { get; init; } = 5_000;
    public long Events { get; init; } = 100_000;

    /// <summary>Topics: each has its own vocabulary and category subtree. Topic sizes fall off as 1/√rank.</summary>
    public int Topics { get; init; } = 50;

    /// <summary>Second-level categories per topic; each owns a slice of its topic's words.</summary>
    public int SubcategoriesPerTopic { get; init; } = 4;

    /// <summary>Words of a topic's own vocabulary.</summary>
    public int WordsPerTopic { get; init; } = 40;

    /// <summary>Words every topic shares (generic shop words: colours, materials, sizes).</summary>
    public int SharedWords { get; init; } = 300;

    /// <summary>Words in a description; titles have three.</summary>
    public int DescriptionWords { get; init; } = 16;

    /// <summary>Share of description words taken from the item's topic (the rest are shared words).</summary>
    public double TopicWordShare { get; init; } = 0.6;

    /// <summary>Exponent s of item popularity: the item of popularity rank r (= its index) is drawn ∝ 1/(r+1)^s.</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>Exponent of user activity: user u (by index) acts ∝ 1/(u+1)^s, so a few users are heavy and most are light.</summary>
    public double UserActivityExponent { get; init; } = 0.5;

    /// <summary>Most topics a user is interested in (each user has 1 … this many).</summary>
    public int MaxInterestsPerUser { get; init; } = 3;

    /// <summary>Share of a user's events outside their interests (browsing), drawn from all topics by popularity.</summary>
    public double ExplorationShare { get; init; } = 0.1;

    /// <summary>Share of events that are purchases (the rest are clicks).</summary>
    public double PurchaseShare { get; init; } = 0.05;

    /// <summary>Time of the first event; the rest are spread evenly over <see cref="SpanSeconds"/>, in log order.</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public long SpanSeconds { get; init; } = 90L * 24 * 3600;

    /// <exception cref="ArgumentException">A count or share out of range, naming the option.</exception>
    public void Validate()
    {
        Require(Items >= 1, nameof(Items), "must be at least 1");
        Require(Users >= 1, nameof(Users), "must be at least 1");
        Require(Events >= 0, nameof(Events), "must not be negative");
        Require(Topics >= 1 && Topics <= Items, nameof(Topics), $"must lie in 1..{nameof(Items)}");
        Require(SubcategoriesPerTopic >= 1 && SubcategoriesPerTopic <= WordsPerTopic, nameof(SubcategoriesPerTopic), $"must lie in 1..{nameof(WordsPerTopic)}");
        Require(WordsPerTopic >= 1 && SharedWords >= 1, nameof(WordsPerTopic), "topics and the shared vocabulary need words");
        Require(DescriptionWords >= 0, nameof(DescriptionWords), "must not be negative");
        Require(TopicWordShare is >= 0 and <= 1, nameof(TopicWordShare), "must lie in [0, 1]");
        Require(ZipfExponent >= 0 && UserActivityExponent >= 0, nameof(ZipfExponent), "exponents must not be negative");
        Require(MaxInterestsPerUser >= 1, nameof(MaxInterestsPerUser), "must be at least 1");
        Require(ExplorationShare is >= 0 and <= 1, nameof(ExplorationShare), "must lie in [0, 1]");
        Require(PurchaseShare is >= 0 and <= 1, nameof(PurchaseShare), "must lie in [0, 1]");
        Require(SpanSeconds >= 0, nameof(SpanSeconds), "must not be negative");
    }

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition) throw new ArgumentException($"SyntheticShopOptions.{option} {problem}", option);
    }
}
