using System.Globalization;
using Strata.Data.Synthetic;

namespace Strata.Benchmarks.Data;

/// <summary>
/// <c>dotnet run -c Release --project bench/Strata.Benchmarks -- shop --items 20000 --users 10000 --events 500000 --out shop [--seed 42]</c>:
/// writes a seeded synthetic shop (<see cref="SyntheticShop"/>) in the generic JSONL format, for <c>strata import --format jsonl</c>
/// and the rest of the CLI at a size of your choosing.
/// </summary>
internal static class ShopCommand
{
    public static void Run(string[] args)
    {
        var options = new SyntheticShopOptions
        {
            Items = CommandArguments.Option(args, "--items", 10_000),
            Users = CommandArguments.Option(args, "--users", 5_000),
            Events = long.Parse(CommandArguments.Text(args, "--events", "100000"), CultureInfo.InvariantCulture),
            Seed = CommandArguments.Option(args, "--seed", 42),
        };
        var folder = CommandArguments.Text(args, "--out", "shop");
        new SyntheticShop(options).WriteJsonl(folder);
        Console.WriteLine($"shop: {options.Items:N0} items, {options.Users:N0} users, {options.Events:N0} events (seed {options.Seed}) written to {Path.GetFullPath(folder)}");
    }
}
