namespace MLSecOps.Core.Gates;

/// <summary>A gate together with what its run produced.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Result">The result, including any POL finding the runner added.</param>
public sealed record GateRun(IGate Gate, GateResult Result);
