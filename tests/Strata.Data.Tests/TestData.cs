using Strata.Core;

namespace Strata.Data.Tests;

/// <summary>Locations of the staged real datasets.</summary>
internal static class TestData
{
    public static string Folder(string dataset) => DataDirectory.Dataset(dataset);
}
