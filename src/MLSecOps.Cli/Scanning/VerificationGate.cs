using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Cli.Scanning;

/// <summary>Runs a gate's verification (lock file, signatures) in place of its scan, so <c>verify</c> reuses the runner, policy and publishers.</summary>
/// <param name="inner">The gate that verifies.</param>
internal sealed class VerificationGate(IVerifyingGate inner) : IGate
{
    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public string Stage => inner.Stage;

    /// <inheritdoc />
    public string Description => inner.Description;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules => inner.Rules;

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => inner.Settings;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths => inner.DefaultPaths;

    /// <inheritdoc />
    public bool Understands(ScanFile file) => inner.Understands(file);

    /// <inheritdoc />
    public Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken) => inner.VerifyAsync(context, cancellationToken);
}
