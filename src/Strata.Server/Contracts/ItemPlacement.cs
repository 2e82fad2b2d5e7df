namespace Strata.Server.Contracts;

/// <summary>Where an item sits in the interest tree (macro › meso), with node ids and labels.</summary>
public sealed record ItemPlacement(string ItemId, int MacroId, string Macro, int MesoId, string Meso);
