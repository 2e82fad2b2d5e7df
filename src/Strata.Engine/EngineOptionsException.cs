namespace Strata.Engine;

/// <summary>A setting of <see cref="EngineOptions"/> is invalid; the message names its configuration key (e.g. <c>Strata:Interests:HalfLife</c>).</summary>
public sealed class EngineOptionsException(string message) : Exception(message);
