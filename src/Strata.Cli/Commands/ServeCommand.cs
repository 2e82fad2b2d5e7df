using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Strata.Server;

namespace Strata.Cli.Commands;

/// <summary><c>strata serve</c>: the HTTP API and dashboard over a store file.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var database = CommonOptions.Database();
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on (semicolon-separated; port 0 picks a free port).",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var anonymous = new Option<bool>("--allow-anonymous-writes")
        {
            Description = "Accept writes and deletes without an API key (otherwise STRATA_API_KEY or Strata:ApiKey is required).",
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Join a Strata cluster: an Npgsql connection string (Host=…;Database=…) or postgres:// URL of the shared PostgreSQL database, " +
                "which then holds the store (--db is ignored) and the membership. Each silo on one machine needs its own " +
                "--Strata:Cluster:SiloPort and --urls (Strata:Cluster:* settings, see the README).",
        };
        var command = new Command("serve", "Serve the HTTP API (events in, explained recommendations out) and the interests dashboard.");
        command.Options.Add(database);
        command.Options.Add(urls);
        command.Options.Add(anonymous);
        command.Options.Add(cluster);
        // Other settings may follow as --Strata:X=value (e.g. --Strata:Cluster:SiloPort=11112).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var dbPath = parse.GetValue(database)!;
            if (parse.UnmatchedTokens.FirstOrDefault(token => !IsSetting(token)) is { } unknown)
            {
                Console.Error.WriteLine($"strata serve: unrecognized argument '{unknown}' (settings go as --Strata:Key=value).");
                return 2;
            }
            // Further settings (Strata:RefitInterval, Strata:PseudonymKey…) come from appsettings.json or Strata__X environment variables.
            string[] args = ["--urls", parse.GetValue(urls)!, $"--{StrataServerOptions.Section}:Database={dbPath}",
                .. parse.GetValue(cluster) is { Length: > 0 } shared ? [$"--Strata:Cluster:ConnectionString={shared}"] : Array.Empty<string>(),
                .. parse.UnmatchedTokens];
            WebApplication app;
            try
            {
                app = StrataServer.Build(args, options => options.AllowAnonymousWrites |= parse.GetValue(anonymous));
            }
            catch (ServerConfigurationException e)
            {
                Console.Error.WriteLine($"strata serve: {e.Message}");
                return 2;
            }
            try
            {
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (IOException e)
            {
                // Kestrel reports a taken port as an IOException; say which address, not a stack trace.
                Console.Error.WriteLine($"strata serve: cannot listen on {parse.GetValue(urls)}: {e.Message}");
                return 3;
            }
            finally
            {
                await app.DisposeAsync();
            }
        });
        return command;
    }

    private static bool IsSetting(string token) => token.StartsWith("--Strata:", StringComparison.OrdinalIgnoreCase) && token.Contains('=');
}
