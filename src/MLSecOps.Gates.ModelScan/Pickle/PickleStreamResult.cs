namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>How one pickle stream ended.</summary>
internal enum PickleStreamOutcome
{
    /// <summary>A STOP opcode was reached.</summary>
    Stopped,

    /// <summary>The data ended before the first opcode.</summary>
    Empty,

    /// <summary>The stream was malformed (already reported).</summary>
    Malformed,

    /// <summary>The scan stopped at a layout it cannot follow (already reported as MOD001).</summary>
    Abandoned,

    /// <summary>Only when probing: enough opcodes or bytes parsed cleanly to call the data a pickle.</summary>
    Probed,
}

/// <summary>The end of one pickle stream: how it ended and the value STOP returned.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Value">The value on top of the stack at STOP, if it stopped.</param>
internal readonly record struct PickleStreamResult(PickleStreamOutcome Outcome, PickleValue? Value);
