using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>
/// What a bulk import reads, as lazy sequences enumerated once in this order: items, users, events.
/// A dataset reader plugs in directly (<c>new ImportSource(reader.ReadItems(), reader.ReadUsers(), reader.ReadEvents())</c>);
/// an exception thrown while enumerating aborts the import and rolls it back.
/// </summary>
public sealed record ImportSource(IEnumerable<Item> Items, IEnumerable<User> Users, IEnumerable<Event> Events);
