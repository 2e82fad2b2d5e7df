using BenchmarkDotNet.Running;

// Pick benchmarks by filter, e.g. `dotnet run -c Release --project bench/Strata.Benchmarks -- --filter '*BulkImport*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
