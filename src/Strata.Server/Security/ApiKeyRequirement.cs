namespace Strata.Server.Security;

/// <summary>Endpoint metadata: the endpoint sits behind <see cref="ApiKeyFilter"/> (the OpenAPI document names the key for it).</summary>
internal sealed class ApiKeyRequirement
{
    public static ApiKeyRequirement Instance { get; } = new();

    public const string SchemeName = "ApiKey";
}
