using OpenTelemetry.Exporter;

namespace Strata.Server.Telemetry;

/// <summary>Settings under <c>Strata:Telemetry</c>: where traces, metrics and logs go besides the Prometheus endpoint.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Strata:Telemetry";

    /// <summary>The <c>service.name</c> resource attribute of every signal.</summary>
    public string ServiceName { get; set; } = "strata";

    public OtlpSettings Otlp { get; set; } = new();

    public sealed class OtlpSettings
    {
        /// <summary>
        /// Base address of an OTLP collector (e.g. <c>http://localhost:4317</c> for gRPC, <c>http://localhost:4318</c> for
        /// HTTP). Unset: nothing is exported over OTLP.
        /// </summary>
        public string? Endpoint { get; set; }

        /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
        public string Protocol { get; set; } = "grpc";
    }

    /// <summary>Binds and checks the section; a bad value is refused naming its key.</summary>
    /// <exception cref="ServerConfigurationException">The endpoint is not an absolute http(s) address, or the protocol is unknown.</exception>
    public static TelemetryOptions Bind(IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        configuration.GetSection(Section).Bind(options);
        if (string.IsNullOrWhiteSpace(options.ServiceName))
            throw new ServerConfigurationException($"{Section}:ServiceName must not be empty.");
        if (options.Otlp.Endpoint is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new ServerConfigurationException($"{Section}:Otlp:Endpoint: '{endpoint}' is not an absolute http:// or https:// address.");
        _ = ExportProtocol(options.Otlp.Protocol);
        return options;
    }

    /// <summary>The exporter's protocol for a configured name.</summary>
    internal static OtlpExportProtocol ExportProtocol(string name) => name.ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new ServerConfigurationException($"{Section}:Otlp:Protocol: '{name}' is not one of grpc, http/protobuf."),
    };
}
