namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// An element of the machine's stack and memo pages. A struct, so storing a value is a plain write: an array of the abstract
/// <see cref="PickleValue"/> would check every store for array covariance, which cost 9 % of a large pickle's pass.
/// </summary>
internal struct PickleSlot
{
    /// <summary>The value held, or null.</summary>
    internal PickleValue? Value;
}
