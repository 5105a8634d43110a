namespace MLSecOps.Core.Gates;

/// <summary>A gate that can also verify files against recorded integrity evidence (lock file, signatures) without analysing their
/// content: what the <c>verify</c> command runs before a deployment.</summary>
public interface IVerifyingGate : IGate
{
    /// <summary>Verifies the context's files against the lock file and signatures the gate's settings name.</summary>
    /// <param name="context">The repository, the files and the resolved settings.</param>
    /// <param name="cancellationToken">Cancelled when the gate's time budget runs out.</param>
    /// <returns>The integrity findings only.</returns>
    Task<GateResult> VerifyAsync(GateContext context, CancellationToken cancellationToken);
}
