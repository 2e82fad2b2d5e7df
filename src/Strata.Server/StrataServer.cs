using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Strata.Server;

/// <summary>
/// The stand-alone Strata server (<c>strata serve</c>, tests): a web application that is nothing but
/// <see cref="StrataHosting.AddStrata"/> and <see cref="StrataHosting.MapStrata"/>, plus the log filters a server of its own wants.
/// </summary>
public static class StrataServer
{
    /// <summary>
    /// Builds the application. <paramref name="args"/> are ASP.NET Core command-line arguments
    /// (e.g. <c>--urls</c>, <c>--Strata:Database=…</c>); <paramref name="configure"/> adjusts options after binding.
    /// </summary>
    /// <exception cref="ServerConfigurationException">The configuration is unsafe or invalid (e.g. writes open without an API key).</exception>
    public static WebApplication Build(string[] args, Action<StrataServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        // Request paths carry user ids: keep ASP.NET Core's per-request logs below Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // An unready model is reported by /health/ready itself; logging every probe as an error would bury real errors.
        builder.Logging.AddFilter(typeof(HealthCheckService).Namespace, LogLevel.Critical);
        builder.Services.AddStrata(builder.Configuration, configure);
        var app = builder.Build();
        app.MapStrata();
        return app;
    }
}
