using Strata.Core.Domain;

namespace Strata.Core.Tests;

public class EventTypesTests
{
    [Fact]
    public void Every_type_round_trips_through_its_wire_name()
    {
        foreach (var type in EventTypes.All)
        {
            Assert.True(EventTypes.TryParse(type.Name(), out var parsed));
            Assert.Equal(type, parsed);
        }
    }

    [Theory]
    [InlineData("Add-To-Cart", EventType.AddToCart)]
    [InlineData(" RATING ", EventType.Rating)]
    [InlineData("impression_without_click", EventType.Impression)]
    public void Parsing_is_lenient_about_case_and_separators(string name, EventType expected)
    {
        Assert.True(EventTypes.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Unknown_names_do_not_parse() => Assert.False(EventTypes.TryParse("teleport", out _));
}
