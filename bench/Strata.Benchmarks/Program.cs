using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Pick benchmarks by filter, e.g. `dotnet run -c Release --project bench/Strata.Benchmarks -- --filter '*BulkImport*'`.
// Every job runs in-process: BenchmarkDotNet's default toolchain rebuilds a generated copy of this project into a folder
// of its own, which fails here (the forced RuntimeIdentifier and engineers building in parallel leave it without its dll).
// The mutator keeps each benchmark's own [SimpleJob] settings; the timeout allows whole-dataset operations.
// Commands that measure more than time (recall, memory per stage) run outside BenchmarkDotNet.
if (args is ["ann", ..])
{
    Strata.Benchmarks.Retrieval.AnnRecallRun.Run(args[1..]);
    return;
}
if (args is ["scale", ..])
{
    await Strata.Benchmarks.Scale.ScaleRun.RunAsync(args[1..]);
    return;
}
if (args is ["shop", ..])
{
    Strata.Benchmarks.Data.ShopCommand.Run(args[1..]);
    return;
}
var config = DefaultConfig.Instance.AddJob(
    Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).AsMutator());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
