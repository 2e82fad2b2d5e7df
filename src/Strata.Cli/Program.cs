using System.CommandLine;
using Strata.Cli.Commands;

var root = new RootCommand("Strata: recommendations from a hierarchical model of each user's interests, learned with a language model.");
// One line per command; each command lives in Commands/<Name>Command.cs.
// [commands]
root.Subcommands.Add(RecommendCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(QuickstartCommand.Create());
root.Subcommands.Add(EmbedCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(FitCommand.Create());
root.Subcommands.Add(TaxonomyCommand.Create());
root.Subcommands.Add(ProfileCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(PseudonymiseCommand.Create());
root.Subcommands.Add(CompactCommand.Create());
return await root.Parse(args).InvokeAsync();
