namespace Strata.Data;

/// <summary>What kind of bad input a <see cref="DataFormatException"/> reports.</summary>
public enum DataProblem
{
    /// <summary>The line or file does not follow the format (field count, number, range, encoding, compression).</summary>
    Malformed,
    /// <summary>An event names an item that is not in the catalogue.</summary>
    UnknownItem,
    /// <summary>An event names a user that is not in the user file.</summary>
    UnknownUser,
}
