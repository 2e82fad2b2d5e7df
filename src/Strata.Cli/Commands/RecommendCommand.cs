using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Strata.Core.Domain;
using Strata.Engine;
using Strata.Recommend;
using Strata.Recommend.Diversity;
using Strata.Recommend.Explanations;
using Strata.Storage.Privacy;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata recommend</c>: one user's explained recommendations (or every user's, exported with <c>--all --out</c>)
/// from the model saved beside the store by <c>strata fit</c> or <c>strata serve</c>; the model is fitted (and saved)
/// only when there is none that matches the store and the settings, or with <c>--refit</c>.
/// </summary>
internal static class RecommendCommand
{
    public static Command Create()
    {
        var user = new Option<string?>("--user") { Description = "External user id (as imported)." };
        var all = new Option<bool>("--all") { Description = "Every user of the log (with --out)." };
        var output = new Option<string?>("--out") { Description = "With --all: the file to write, one user per line (.jsonl) or per row (.csv)." };
        var n = new Option<int>("--n") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var diversity = new Option<double>("--diversity")
        {
            Description = "0 = pure score order … 1 = slots strictly proportional to the user's interest strengths.",
            DefaultValueFactory = _ => 0,
        };
        var method = new Option<string>("--diversity-method")
        {
            Description = "proportional (slots across interests) or mmr (maximal marginal relevance over item vectors).",
            DefaultValueFactory = _ => "proportional",
        };
        var refit = new Option<bool>("--refit") { Description = "Fit the model afresh even when the saved one matches." };
        var coldStart = new Option<bool>("--cold-start") { Description = "Answer a user the log has never seen with a cold-start list (else: an error)." };
        var database = CommonOptions.ExistingDatabase();
        var json = CommonOptions.Json();
        var command = new Command("recommend", "Recommend items for a user (or every user), each explained by an interest path and the user's own events.");
        foreach (var option in new Option[] { user, all, output, n, diversity, method, refit, coldStart, database, json }) command.Options.Add(option);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("recommend", async () =>
        {
            var path = parse.GetValue(database)!;
            if (!File.Exists(path)) throw new UserError($"{path}: no such store (import a dataset first: strata import …)");
            var count = parse.GetValue(n);
            if (count <= 0) throw new UserError($"--n must be positive, not {count}");
            var strength = parse.GetValue(diversity);
            if (strength is < 0 or > 1) throw new UserError($"--diversity must lie in [0, 1], not {strength.ToString(CultureInfo.InvariantCulture)}");
            var diversityOptions = new DiversityOptions
            {
                Strength = strength,
                Method = parse.GetValue(method)!.Trim().ToLowerInvariant() switch
                {
                    "proportional" => DiversityMethod.Proportional,
                    "mmr" => DiversityMethod.Mmr,
                    var other => throw new UserError($"--diversity-method must be proportional or mmr, not '{other}'"),
                },
            };
            var everyone = parse.GetValue(all);
            var userId = parse.GetValue(user);
            var outPath = parse.GetValue(output);
            if (everyone == (userId is not null)) throw new UserError("give either --user ID or --all (with --out FILE)");
            if (everyone && outPath is null) throw new UserError("--all writes a file: add --out recs.jsonl (or .csv)");
            var asJson = parse.GetValue(json);

            var engine = EngineHost.Create(EngineHost.Options(path));
            await using var store = SqliteStore.Open(path);
            var clock = Stopwatch.StartNew();
            FittedModel fitted;
            try
            {
                fitted = await EngineHost.LoadOrFitAsync(engine, store, parse.GetValue(refit), quiet: asJson, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new UserError(e.Message);
            }
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var lists = new UserLists(fitted, Pseudonymizer.FromEnvironment());

            if (everyone)
            {
                var written = await ExportAsync(lists, outPath!, count, diversityOptions, asJson, cancellationToken);
                if (asJson) Console.WriteLine(new JsonObject { ["users"] = written, ["out"] = Path.GetFullPath(outPath!), ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3) }.ToJsonString());
                else AnsiConsole.MarkupLine($"Wrote the top {count} of {written:N0} users to {Markup.Escape(Path.GetFullPath(outPath!))} in {clock.Elapsed.TotalSeconds:F1} s.");
                return 0;
            }
            var known = lists.Knows(userId!);
            if (!known && !parse.GetValue(coldStart))
                throw new UserError($"user '{userId}' has no events in {path} (ids are as imported); --cold-start answers an unknown user with a cold-start list");
            var recommendations = lists.For(userId!, count, diversityOptions);
            if (asJson) Console.WriteLine(ToJson(userId!, known, diversityOptions, loadSeconds, fitted.FromSavedModel, recommendations).ToJsonString(Strata.Interests.Explanations.InterestExplanation.JsonOptions));
            else Print(userId!, known, loadSeconds, fitted.FromSavedModel, lists.HistoryLength(userId!), recommendations);
            return 0;
        }));
        return command;
    }

    /// <summary>Writes every user's list with a progress bar; returns the number of users written.</summary>
    private static async Task<int> ExportAsync(UserLists lists, string outPath, int count, DiversityOptions diversity, bool quiet, CancellationToken cancellationToken)
    {
        var csv = outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var users = lists.Users;
        var temporary = outPath + ".tmp";
        await using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
        {
            if (csv) await writer.WriteLineAsync("user,rank,item_id,title,score,macro,meso,because");
            async Task WriteAll(Action<int>? tick)
            {
                for (int u = 0; u < users.Count; u++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var recommendations = lists.For(users[u], count, diversity);
                    if (csv)
                        for (int r = 0; r < recommendations.Count; r++)
                        {
                            var item = recommendations[r];
                            await writer.WriteLineAsync(string.Join(',', Csv(users[u]), (r + 1).ToString(CultureInfo.InvariantCulture), Csv(item.ItemId), Csv(item.Title),
                                item.Score.ToString("R", CultureInfo.InvariantCulture), Csv(item.Macro), Csv(item.Meso), Csv(string.Join(" | ", item.Because.Select(b => b.Title)))));
                        }
                    else await writer.WriteLineAsync(ToJson(users[u], true, diversity, null, null, recommendations).ToJsonString(Strata.Interests.Explanations.InterestExplanation.JsonOptions));
                    tick?.Invoke(u + 1);
                }
            }
            if (quiet || !AnsiConsole.Profile.Capabilities.Interactive) await WriteAll(null);
            else await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("Recommending", maxValue: users.Count);
                await WriteAll(done => task.Value = done);
            });
        }
        File.Move(temporary, outPath, overwrite: true);
        return users.Count;
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    private static JsonObject ToJson(string user, bool known, DiversityOptions diversity, double? loadSeconds, bool? fromSaved, IReadOnlyList<ExplainedItem> recommendations)
    {
        var items = new JsonArray();
        foreach (var r in recommendations)
        {
            var because = new JsonArray();
            foreach (var b in r.Because)
                because.Add(new JsonObject
                {
                    ["item_id"] = b.ItemId, ["title"] = b.Title, ["event"] = b.EventType,
                    ["timestamp"] = b.Timestamp.UtcDateTime.ToString("O"), ["contribution"] = b.Contribution, ["same_interest"] = b.SameInterest,
                });
            items.Add(new JsonObject
            {
                ["item_id"] = r.ItemId, ["title"] = r.Title, ["score"] = r.Score,
                ["interest"] = new JsonObject { ["macro"] = r.Macro, ["meso"] = r.Meso, ["path"] = r.Path },
                ["because"] = because,
            });
        }
        var result = new JsonObject { ["user"] = user, ["known_user"] = known, ["diversity"] = diversity.Strength, ["diversity_method"] = diversity.Method.ToString().ToLowerInvariant() };
        if (loadSeconds is { } seconds) result["seconds"] = Math.Round(seconds, 3);
        if (fromSaved is { } saved) result["model"] = saved ? "saved" : "fitted";
        result["recommendations"] = items;
        return result;
    }

    private static void Print(string user, bool known, double seconds, bool fromSaved, int events, IReadOnlyList<ExplainedItem> recommendations)
    {
        var how = fromSaved ? $"saved model loaded in {seconds:F1} s" : $"model fitted in {seconds:F1} s";
        AnsiConsole.MarkupLine(known
            ? $"Recommendations for user [bold]{Markup.Escape(user)}[/] ({events} events; {how}):"
            : $"User [bold]{Markup.Escape(user)}[/] has no events: a cold-start list ({how}).");
        var table = new Table().AddColumn("#").AddColumn("item").AddColumn(new TableColumn("score").RightAligned()).AddColumn("interest").AddColumn("because you…");
        for (int r = 0; r < recommendations.Count; r++)
        {
            var item = recommendations[r];
            var because = item.Because.Count == 0 ? "[grey]—[/]" : string.Join("\n", item.Because.Select(b =>
                $"{b.EventType} [italic]{Markup.Escape(b.Title)}[/]{(b.SameInterest ? "" : " [grey](related interest)[/]")}"));
            table.AddRow((r + 1).ToString(CultureInfo.InvariantCulture), $"{Markup.Escape(item.Title)} [grey]({Markup.Escape(item.ItemId)})[/]",
                item.Score.ToString("F3", CultureInfo.InvariantCulture), Markup.Escape(item.Path), because);
        }
        AnsiConsole.Write(table);
    }
}
