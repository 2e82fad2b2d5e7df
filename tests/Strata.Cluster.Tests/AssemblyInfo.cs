// Each test starts three silos (three fits) on a 2-core machine: one cluster at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
