namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>One place where a threat model breaks its schema.</summary>
/// <param name="Pointer">The JSON pointer of the offending value, <c>/</c> for the root.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
internal sealed record SchemaViolation(string Pointer, string Message, int Line, int Column);
