using CsCheck;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Profiles;

/// <summary>The contracts the server relies on, checked over random event sequences.</summary>
public class ProfileContractTests
{
    private static readonly Taxonomy Tree = SyntheticCatalog.Instance.Taxonomy;
    private const long Day = 86_400;

    private static readonly EventType[] Types = [EventType.Rating, EventType.Click, EventType.View, EventType.Dislike, EventType.Impression, EventType.Purchase];

    /// <summary>Random events: 1–4 users, any item, mixed types (negatives included), times over up to 20 years in any order.</summary>
    private static readonly Gen<Event[]> Events =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, Tree.Items.Count - 1], Gen.Int[0, Types.Length - 1], Gen.Int[1, 5], Gen.Long[0, 20 * 365 * Day])
            .Select((u, i, t, v, s) => new Event($"u{u}", Tree.Items[i], Types[t], DateTimeOffset.FromUnixTimeSeconds(1_000_000_000 + s),
                Types[t] is EventType.Rating or EventType.Purchase ? v : null))
            .Array[1, 60];

    private static EventTable Table(IEnumerable<Event> events)
    {
        var builder = new EventTable.Builder();
        foreach (var e in events) builder.Add(e);
        return builder.Build();
    }

    private static bool Close(float a, float b, float scale) => MathF.Abs(a - b) <= 1e-4f * (1f + scale);

    [Fact]
    public void Incremental_updates_equal_a_rebuild_from_the_same_events()
    {
        Events.Sample(events =>
        {
            var table = Table(events);
            var context = new ProfileContext(Tree);
            var rebuilt = ProfileSet.Rebuild(table, context);
            var live = ProfileSet.Create(context);
            foreach (var e in events) live.Apply(e);
            var raw = new float[Tree.Dimensions];
            var rawLive = new float[Tree.Dimensions];
            for (int u = 0; u < rebuilt.Count; u++)
            {
                var expected = rebuilt[u];
                var actual = live.Find(rebuilt.Users[u])!;
                var scale = events.Where(e => e.UserId == rebuilt.Users[u]).Sum(e => MathF.Abs(context.Weights.Weigh(e)));
                if (expected.EventCount != actual.EventCount || expected.LastSeconds != actual.LastSeconds) return false;
                for (int h = 0; h < Tree.NodeCount; h++)
                {
                    if (expected.Events(h) != actual.Events(h)) return false;
                    if (!Close(expected.Strength(h), actual.Strength(h), scale)) return false;
                    if (!Close(expected.ShortStrength(h), actual.ShortStrength(h), scale)) return false;
                    if (!expected.TopEvents(h).SequenceEqual(actual.TopEvents(h))) return false;
                }
                foreach (var level in (InterestLevel[])[InterestLevel.Macro, InterestLevel.Meso])
                {
                    expected.RawLevelVector(level, raw);
                    actual.RawLevelVector(level, rawLive);
                    for (int d = 0; d < raw.Length; d++) if (!Close(raw[d], rawLive[d], scale)) return false;
                }
            }
            return true;
        }, iter: 300);
    }

    [Fact]
    public void Whether_a_user_has_events_is_told_alike_before_and_after_the_profile_is_built()
    {
        Events.Sample(events =>
        {
            var rebuilt = ProfileSet.Rebuild(Table(events), new ProfileContext(Tree));
            var told = Enumerable.Range(0, rebuilt.Count).Select(rebuilt.HasEvents).ToArray();
            return Enumerable.Range(0, rebuilt.Count).All(u => told[u] == rebuilt[u].EventCount > 0 && rebuilt.HasEvents(u) == told[u]);
        });
        // A neutral rating (2 of 5) weighs nothing and the tree does not hold an unknown item: neither moves a profile.
        var at = DateTimeOffset.FromUnixTimeSeconds(1_000_000_000);
        var unmoved = ProfileSet.Rebuild(Table([new Event("u", Tree.Items[0], EventType.Rating, at, 2), new Event("u", "not-in-the-tree", EventType.Click, at, null)]), new ProfileContext(Tree));
        Assert.False(unmoved.HasEvents(0));
        Assert.Equal(0, unmoved[0].EventCount);
    }

    [Fact]
    public void Level_distributions_sum_to_one_and_are_never_negative()
    {
        Gen.Select(Events, Gen.Long[0, 400 * Day]).Sample((events, later) =>
        {
            var set = ProfileSet.Rebuild(Table(events), Tree);
            for (int u = 0; u < set.Count; u++)
            {
                var profile = set[u];
                foreach (var (level, count) in (ReadOnlySpan<(InterestLevel, int)>)[(InterestLevel.Macro, Tree.MacroCount), (InterestLevel.Meso, Tree.MesoCount)])
                {
                    var p = new float[count];
                    profile.LevelDistribution(level, p, profile.LastSeconds + later);
                    if (MathF.Abs(p.Sum() - 1f) > 1e-4f || p.Any(x => x < 0 || float.IsNaN(x))) return false;
                }
            }
            return true;
        }, iter: 200);
    }

    [Fact]
    public void Decay_is_monotonic_and_halves_each_half_life()
    {
        var context = new ProfileContext(Tree);
        var profile = new InterestProfile(context);
        const long start = 1_500_000_000;
        profile.Apply(0, EventType.Click, float.NaN, start);
        var path = Tree.PathOf(0);
        var halfLife = (long)context.Options.HalfLife.TotalSeconds;
        Assert.Equal(1f, profile.Strength(path.Meso, start), 5);
        Assert.Equal(0.5f, profile.Strength(path.Meso, start + halfLife), 5);
        Assert.Equal(0.25f, profile.Strength(path.Macro, start + 2 * halfLife), 5);
        Gen.Long[0, 100 * halfLife].Array[2].Sample(offsets =>
        {
            var (early, late) = (Math.Min(offsets[0], offsets[1]), Math.Max(offsets[0], offsets[1]));
            return profile.Strength(path.Meso, start + late) <= profile.Strength(path.Meso, start + early)
                && profile.ShortStrength(path.Meso, start + late) <= profile.ShortStrength(path.Meso, start + early);
        });
    }

    [Fact]
    public void Negative_feedback_lowers_the_items_path_and_nothing_else()
    {
        var profile = new InterestProfile(new ProfileContext(Tree));
        const long t = 1_500_000_000;
        var first = 0;
        var other = Enumerable.Range(0, Tree.Items.Count).First(i => Tree.PathOf(i).Macro != Tree.PathOf(first).Macro);
        profile.Apply(first, EventType.Rating, 5, t);
        profile.Apply(other, EventType.Rating, 5, t);
        var (macro, meso) = Tree.PathOf(first);
        var (otherMacro, otherMeso) = Tree.PathOf(other);
        var before = (Macro: profile.Strength(macro), Meso: profile.Strength(meso), OtherMacro: profile.Strength(otherMacro), OtherMeso: profile.Strength(otherMeso));
        var pBefore = new float[Tree.MesoCount];
        profile.LevelDistribution(InterestLevel.Meso, pBefore);

        var sibling = Enumerable.Range(0, Tree.Items.Count).First(i => i != first && Tree.PathOf(i).Meso == meso);
        Assert.True(profile.Apply(sibling, EventType.Dislike, float.NaN, t));

        Assert.True(profile.Strength(meso) < before.Meso);
        Assert.True(profile.Strength(macro) < before.Macro);
        Assert.Equal(before.OtherMeso, profile.Strength(otherMeso));
        Assert.Equal(before.OtherMacro, profile.Strength(otherMacro));
        var pAfter = new float[Tree.MesoCount];
        profile.LevelDistribution(InterestLevel.Meso, pAfter);
        Assert.True(pAfter[meso - Tree.MacroCount] < pBefore[meso - Tree.MacroCount]);
        Assert.True(pAfter[otherMeso - Tree.MacroCount] > pBefore[otherMeso - Tree.MacroCount]);
    }

    [Fact]
    public void A_user_with_one_event_gets_a_smoothed_profile_led_by_that_event()
    {
        var set = ProfileSet.Rebuild(Table([new Event("solo", Tree.Items[5], EventType.Rating, DateTimeOffset.FromUnixTimeSeconds(1_500_000_000), 4)]), Tree);
        var profile = set.Find("solo")!;
        var (macro, meso) = Tree.PathOf(5);
        var macroP = new float[Tree.MacroCount];
        var mesoP = new float[Tree.MesoCount];
        profile.LevelDistribution(InterestLevel.Macro, macroP);
        profile.LevelDistribution(InterestLevel.Meso, mesoP);
        Assert.Equal(macro, Array.IndexOf(macroP, macroP.Max()));
        Assert.Equal(meso - Tree.MacroCount, Array.IndexOf(mesoP, mesoP.Max()));
        // Non-degenerate: the one event leads, but every node keeps some mass, so other interests can still be offered.
        Assert.InRange(macroP[macro], 0.2f, 0.95f);
        Assert.All(macroP, p => Assert.True(p > 0));
        Assert.All(mesoP, p => Assert.True(p > 0));
        var interests = profile.MultiInterest(3);
        Assert.Equal(3, interests.Count);
        Assert.Equal(meso, interests[0].NodeId);
        Assert.Equal(3, interests.Select(i => i.NodeId).Distinct().Count());
        Assert.All(interests, i => Assert.Equal(1f, Core.Vectors.VectorMath.Dot(i.Vector, i.Vector), 3));
    }

    [Fact]
    public void More_evidence_means_less_smoothing()
    {
        var context = new ProfileContext(Tree);
        var profile = new InterestProfile(context);
        var macro = Tree.PathOf(5).Macro;
        var p = new float[Tree.MacroCount];
        var previous = 0f;
        for (int n = 1; n <= 20; n++)
        {
            profile.Apply(5, EventType.Click, float.NaN, 1_500_000_000);
            profile.LevelDistribution(InterestLevel.Macro, p);
            Assert.True(p[macro] > previous);
            previous = p[macro];
        }
        Assert.True(previous > 0.9f);
    }

    [Fact]
    public void Interests_that_moved_recently_are_emerging_and_the_old_ones_fading()
    {
        var profile = new InterestProfile(new ProfileContext(Tree));
        const long t = 1_500_000_000;
        var oldItem = 0;
        var newItem = Enumerable.Range(0, Tree.Items.Count).First(i => Tree.PathOf(i).Macro != Tree.PathOf(oldItem).Macro);
        for (int d = 0; d < 60; d++) profile.Apply(oldItem, EventType.Click, float.NaN, t + d * Day);
        for (int d = 60; d < 70; d++) profile.Apply(newItem, EventType.Click, float.NaN, t + d * Day);
        var snapshot = profile.Snapshot("u");
        Assert.Contains(snapshot.Emerging, n => n.NodeId == Tree.PathOf(newItem).Macro);
        Assert.Contains(snapshot.Fading, n => n.NodeId == Tree.PathOf(oldItem).Macro);
    }

    [Fact]
    public void Top_events_are_the_strongest_contributors_and_macros_merge_their_children()
    {
        var profile = new InterestProfile(new ProfileContext(Tree));
        const long t = 1_500_000_000;
        var meso = Tree.PathOf(0).Meso;
        var members = Enumerable.Range(0, Tree.Items.Count).Where(i => Tree.PathOf(i).Meso == meso).Take(5).ToArray();
        profile.Apply(members[0], EventType.Rating, 3, t);
        profile.Apply(members[1], EventType.Rating, 5, t);
        profile.Apply(members[2], EventType.Rating, 4, t);
        profile.Apply(members[3], EventType.Rating, 3, t + 100 * Day);
        profile.Apply(members[4], EventType.View, float.NaN, t);
        var top = profile.TopEvents(meso);
        Assert.Equal(3, top.Count);
        // 100 days later a 3-star rating outweighs the old 5-star one (half-life 60 days).
        Assert.Equal([members[3], members[1], members[2]], top.Select(e => e.Item).ToArray());
        Assert.Equal(top, profile.TopEvents(Tree.PathOf(0).Macro));
    }
}
