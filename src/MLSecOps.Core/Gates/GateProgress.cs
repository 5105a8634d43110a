namespace MLSecOps.Core.Gates;

/// <summary>A progress report: how many of a gate's files are done.</summary>
/// <param name="Gate">The gate name.</param>
/// <param name="Done">Files finished.</param>
/// <param name="Total">Files in all.</param>
public sealed record GateProgress(string Gate, int Done, int Total);
