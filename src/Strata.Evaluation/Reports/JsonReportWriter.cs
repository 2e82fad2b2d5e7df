using System.Text.Json;

namespace Strata.Evaluation.Reports;

/// <summary>
/// Writes a report as the JSON <c>strata eval --json</c> promises:
/// <c>{"dataset", "protocol", "k", "models":[{"name", "test_set", "metrics":{…}, "fit_seconds", "recommend_ms_p50", "recommend_ms_p99", "users"}], "options", …, "comparison"?}</c>
/// (<c>--compare</c>: <c>{"a", "b", "metrics":[{"test_set", "metric", "a", "b", "difference", "ci_low", "ci_high", "excludes_zero", "users"}]}</c>).
/// Values that could not be measured (NaN) are written as null.
/// </summary>
public static class JsonReportWriter
{
    public static string Write(EvaluationReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("dataset", report.Dataset);
            json.WriteString("protocol", report.Protocol);
            json.WriteNumber("k", report.K);
            json.WriteStartArray("models");
            foreach (var row in report.Models)
            {
                json.WriteStartObject();
                json.WriteString("name", row.Name);
                json.WriteString("test_set", row.TestSet);
                WriteMetrics(json, "metrics", row.Metrics);
                Number(json, "fit_seconds", row.FitSeconds);
                Number(json, "recommend_ms_p50", row.RecommendMsP50);
                Number(json, "recommend_ms_p99", row.RecommendMsP99);
                json.WriteNumber("users", row.Users);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("options");
            foreach (var (key, value) in report.Options) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteString("description", report.Description);
            json.WriteStartArray("notes");
            foreach (var note in report.Notes) json.WriteStringValue(note);
            json.WriteEndArray();
            if (report.AccuracyDiversity is { } curve)
            {
                json.WriteStartArray("accuracy_diversity");
                foreach (var point in curve)
                {
                    json.WriteStartObject();
                    json.WriteNumber("knob", point.Knob);
                    WriteMetrics(json, "metrics", point.Metrics);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (report.Comparisons is { } comparisons)
            {
                json.WriteStartObject("comparison");
                json.WriteString("a", report.Models[0].Name);
                json.WriteString("b", report.Models[^1].Name);
                json.WriteStartArray("metrics");
                foreach (var c in comparisons)
                {
                    json.WriteStartObject();
                    json.WriteString("test_set", c.TestSet);
                    json.WriteString("metric", c.Metric);
                    Number(json, "a", c.MeanA);
                    Number(json, "b", c.MeanB);
                    Number(json, "difference", c.Difference.Difference);
                    Number(json, "ci_low", c.Difference.Low);
                    Number(json, "ci_high", c.Difference.High);
                    json.WriteBoolean("excludes_zero", c.Difference.ExcludesZero);
                    json.WriteNumber("users", c.Difference.Users);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (report.Ablations is { } ablations)
            {
                json.WriteStartArray("ablation");
                foreach (var ablation in ablations)
                {
                    json.WriteStartObject();
                    json.WriteString("without", ablation.Family);
                    json.WriteString("model", ablation.Model);
                    json.WriteString("test_set", ablation.TestSet);
                    json.WriteString("metric", ablation.Metric);
                    Number(json, "delta", ablation.Delta.Difference);
                    Number(json, "ci95_low", ablation.Delta.Low);
                    Number(json, "ci95_high", ablation.Delta.High);
                    json.WriteNumber("users", ablation.Delta.Users);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMetrics(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, double> metrics)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in metrics) Number(json, key, value);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, Math.Round(value, 6));
        else json.WriteNull(name);
    }
}
