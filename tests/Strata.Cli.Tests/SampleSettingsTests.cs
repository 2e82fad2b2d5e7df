using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Strata.Engine;
using Strata.Evaluation;
using Strata.Server;
using Strata.Server.Serving;
using Strata.Server.Telemetry;

namespace Strata.Cli.Tests;

/// <summary>
/// <c>appsettings.sample.json</c> (repository root) holds every setting the options classes bind, each with its default:
/// a setting added to an options class without the sample fails here, and the sample is never out of date.
/// </summary>
public sealed class SampleSettingsTests
{
    private const string SampleName = "appsettings.sample.json";

    [Fact]
    public void The_sample_holds_every_setting_with_its_default()
    {
        var path = Path.Combine(RepositoryRoot(), SampleName);
        var expected = Defaults();
        // STRATA_WRITE_SAMPLE=1 rewrites the sample from the options classes (after adding or changing a setting).
        if (Environment.GetEnvironmentVariable("STRATA_WRITE_SAMPLE") == "1")
            File.WriteAllText(path, expected.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var sample = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var missing = Keys(expected).Except(Keys(sample)).ToList();
        var unknown = Keys(sample).Except(Keys(expected)).ToList();
        Assert.True(missing.Count == 0 && unknown.Count == 0,
            $"{SampleName} is out of date (missing: {string.Join(", ", missing)}; unknown: {string.Join(", ", unknown)}); run the test with STRATA_WRITE_SAMPLE=1 to rewrite it.");
        Assert.True(JsonNode.DeepEquals(expected, sample), $"{SampleName} states a default the code no longer has; run the test with STRATA_WRITE_SAMPLE=1 to rewrite it.");
    }

    [Fact]
    public void The_sample_binds_and_validates_as_it_is()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), SampleName)).Build();
        var engine = EngineOptions.Bind(configuration);
        Assert.Equal(new EngineOptions().Fingerprint(), engine.Fingerprint());
        var server = configuration.GetSection(StrataServerOptions.Section).Get<StrataServerOptions>()!;
        Assert.Equal(new StrataServerOptions().Database, server.Database);
        Assert.Equal(TelemetryOptions.Bind(configuration).ServiceName, new TelemetryOptions().ServiceName);
    }

    /// <summary>The defaults of every options class a host binds, as one <c>Strata</c> tree.</summary>
    private static JsonObject Defaults()
    {
        var strata = new JsonObject();
        Merge(strata, Describe(new EngineOptions()));
        Merge(strata, Describe(new StrataServerOptions()));
        strata["Serving"] = Describe(new ServingOptions());
        strata["Telemetry"] = Describe(new TelemetryOptions());
        strata["Evaluation"] = Describe(new EvaluationSettings());
        return new JsonObject { ["Strata"] = strata };
    }

    /// <summary>What the configuration binder would bind on <paramref name="options"/>: public settable properties, and nested settings objects.</summary>
    private static JsonObject Describe(object options)
    {
        var node = new JsonObject();
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null) continue;
            var value = property.GetValue(options);
            var settable = property.SetMethod is { IsPublic: true };
            if (IsLeaf(property.PropertyType))
            {
                if (settable) node[property.Name] = Leaf(value);
            }
            else if (value is IDictionary dictionary)
            {
                var entries = new JsonObject();
                foreach (DictionaryEntry entry in dictionary) entries[(string)entry.Key] = Leaf(entry.Value);
                node[property.Name] = entries;
            }
            else if (value is not null && property.PropertyType.Namespace?.StartsWith("Strata", StringComparison.Ordinal) == true)
                node[property.Name] = Describe(value);
        }
        return node;
    }

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
               || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type.IsArray;
    }

    private static JsonNode? Leaf(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        Enum e => e.ToString(),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        float f => JsonValue.Create(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        double d => d,
        int i => i,
        long l => l,
        Array array => new JsonArray([.. array.Cast<object?>().Select(Leaf)]),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            target[key] = value;
        }
    }

    private static IEnumerable<string> Keys(JsonNode? node, string prefix = "") => node switch
    {
        JsonObject o when o.Count > 0 => o.SelectMany(kv => Keys(kv.Value, prefix.Length == 0 ? kv.Key : $"{prefix}:{kv.Key}")),
        _ => [prefix],
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Strata.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Strata.slnx above the test binaries");
    }
}
