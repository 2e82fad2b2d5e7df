using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Strata.Server.Security;

namespace Strata.Server.Http;

/// <summary>
/// The OpenAPI document's title and its API-key security scheme (<c>X-Api-Key</c> header), required on exactly the
/// operations that sit behind <see cref="ApiKeyFilter"/> with this server's settings.
/// </summary>
internal static class OpenApiDocumentation
{
    public static void Configure(OpenApiOptions openApi)
    {
        openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Strata";
            document.Info.Description = "Hierarchical-interest recommender: catalogue, events, explained recommendations, interests.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyRequirement.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyFilter.HeaderName,
                Description = "The server's API key (STRATA_API_KEY or Strata:ApiKey).",
            };
            return Task.CompletedTask;
        });
        openApi.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyRequirement.SchemeName, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
    }
}
