using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Strata.Server.Serving;

/// <summary>Ready once the first model is serving (profiles rebuilt from the log); until then recommendation endpoints answer 503.</summary>
internal sealed class ReadinessCheck(ServingHost serving) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(serving.Current is { } state
            ? HealthCheckResult.Healthy($"model v{state.Version} ({(state.FromSavedModel ? "read from the saved file" : "fitted")}), log at {serving.LastSequence}")
            : HealthCheckResult.Unhealthy(serving.StartupError ?? "model not fitted yet"));
}
