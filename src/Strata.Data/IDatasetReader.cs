using Strata.Core.Domain;

namespace Strata.Data;

/// <summary>
/// Reads one dataset format from a folder (or file) into the domain model. Streaming: each method enumerates lazily and
/// never loads a whole file into memory; enumerating a method twice reads the files again.
/// Errors throw <see cref="DataFormatException"/> naming file, line and field, unless
/// <see cref="ReaderOptions.SkipInvalid"/> is set, in which case the bad line is skipped and counted in <see cref="Report"/>.
/// </summary>
public interface IDatasetReader
{
    /// <summary>The format name, one of <see cref="DatasetReaders.Formats"/>.</summary>
    string Format { get; }

    /// <summary>The item catalogue.</summary>
    IEnumerable<Item> ReadItems();

    /// <summary>Users with their attributes (formats without a user file derive users from the events).</summary>
    IEnumerable<User> ReadUsers();

    /// <summary>Events in file order (time order where the file has it).</summary>
    IEnumerable<Event> ReadEvents();

    /// <summary>Filled while enumerating: skipped lines and their first reasons, unknown references.</summary>
    ReadReport Report { get; }
}
