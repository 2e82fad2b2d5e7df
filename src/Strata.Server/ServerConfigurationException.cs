namespace Strata.Server;

/// <summary>The server refuses to start: its configuration is unsafe or invalid. The message says what to change.</summary>
public sealed class ServerConfigurationException(string message) : Exception(message);
