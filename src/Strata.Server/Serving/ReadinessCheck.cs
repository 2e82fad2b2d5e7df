using Microsoft.Extensions.Diagnostics.HealthChecks;
using Strata.Server.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// Ready once the first model is serving (profiles rebuilt from the log) and while the store takes writes; until then
/// recommendation endpoints answer 503 and the check says why (the fit's error, or the store's failure).
/// </summary>
internal sealed class ReadinessCheck(ServingHost serving, StoreHealth store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await store.CheckAsync(cancellationToken) is { } failure)
            return HealthCheckResult.Unhealthy($"{failure.Slug}: writes fail ({failure.Reason})");
        return serving.Current is { } state
            ? HealthCheckResult.Healthy($"model v{state.Version} ({(state.FromSavedModel ? "read from the saved file" : "fitted")}), log at {serving.LastSequence}")
            : HealthCheckResult.Unhealthy(serving.StartupError ?? "model not fitted yet");
    }
}
