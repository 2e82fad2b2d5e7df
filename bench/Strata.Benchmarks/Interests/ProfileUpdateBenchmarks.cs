using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Benchmarks.Interests;

/// <summary>
/// Live profile updates, single-threaded: all 1,000,209 ml-1m events applied one by one to 6,040 fresh profiles (macro and meso
/// strengths at two horizons, both 384-dim level vectors, top contributing events). Times are per event, so updates/s = 1 / Mean.
/// A rebuild of all profiles from the same log (the server's start-up path) is measured per whole log.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ProfileUpdateBenchmarks
{
    private EventTable _events = null!;
    private Taxonomy _taxonomy = null!;
    private ProfileContext _context = null!;
    private InterestProfile[] _profiles = [];

    [GlobalSetup]
    public void Setup()
    {
        (_events, _taxonomy) = InterestBenchmarkData.Ml1m();
        _context = new ProfileContext(_taxonomy, weights: EventWeights.Default);
    }

    [IterationSetup(Target = nameof(Apply_one_event))]
    public void FreshProfiles()
    {
        _profiles = new InterestProfile[_events.Users.Count];
        for (int u = 0; u < _profiles.Length; u++) _profiles[u] = new InterestProfile(_context);
    }

    [Benchmark(OperationsPerInvoke = InterestBenchmarkData.Ml1mPairs)]
    public int Apply_one_event()
    {
        var applied = 0;
        var events = _events;
        for (int r = 0; r < events.Count; r++)
            if (_profiles[events.UserIndex[r]].Apply(events.ItemIndex[r], events.Types[r], events.Values[r], events.Seconds[r])) applied++;
        return applied;
    }

    [Benchmark]
    public ProfileSet Rebuild_all_ml1m_profiles() => ProfileSet.Rebuild(_events, _context);
}
