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
// Piped or redirected output is not wrapped at Spectre's default 80 columns (sentences split mid-word in logs).
if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 240;
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync();
// A command line that does not parse is bad input: exit code 2, as for every other mistake in what was asked.
return parsed.Errors.Count > 0 ? 2 : exitCode;
