using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Gates;

/// <summary>One security gate of the ML life cycle: turns the files it is given into findings.</summary>
/// <remarks>A gate never throws for bad content: what it cannot parse is a finding (fail closed).</remarks>
public interface IGate
{
    /// <summary>Gets the CLI verb and policy key, such as <c>model-scan</c>.</summary>
    string Name { get; }

    /// <summary>Gets the life-cycle stage: design, development, build or deployment.</summary>
    string Stage { get; }

    /// <summary>Gets a one-line description of what the gate stops.</summary>
    string Description { get; }

    /// <summary>Gets every rule the gate can report, in a fixed order.</summary>
    IReadOnlyList<RuleDescriptor> Rules { get; }

    /// <summary>Gets the gate-specific keys its policy section accepts (besides the common ones).</summary>
    IReadOnlyList<SettingDescriptor> Settings { get; }

    /// <summary>Gets the include globs used when the policy names no <c>paths</c>.</summary>
    IReadOnlyList<string> DefaultPaths { get; }

    /// <summary>Returns whether the gate knows how to check this file wherever it lives (by its name or first bytes), used to
    /// tell a user whose policy <c>paths</c> match nothing where the gate's files really are.</summary>
    /// <param name="file">A discovered file.</param>
    /// <returns><see langword="true"/> when the gate would find something to check in it.</returns>
    bool Understands(ScanFile file) => false;

    /// <summary>Runs the gate.</summary>
    /// <param name="context">The repository, the files and the resolved settings.</param>
    /// <param name="cancellationToken">Cancelled when the gate's time budget runs out.</param>
    /// <returns>The findings and what was scanned.</returns>
    Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken);
}
