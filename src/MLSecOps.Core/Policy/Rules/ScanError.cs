using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL001: a gate crashed or ran out of time, so its verdict is unknown and the scan fails closed.</summary>
public static class ScanError
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL001",
        "Gate did not finish",
        "A gate stopped with an internal error or ran out of its time budget. Its files were not fully checked, so the scan fails closed rather than passing silently.",
        "Re-run the scan. If the error repeats, raise `timeout-seconds` for the gate in `.mlsecops.yml` or narrow its `paths`, and report the error message to the MLSecOps maintainers.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.Misconfiguration],
        ["CWE-636"],
        Precision.VeryHigh,
        example: "The model-scan gate exceeds its `timeout-seconds: 60` budget while reading a 40 GB checkpoint, so it stops with \"did not finish\".");

    /// <summary>Creates the finding for a gate that did not finish.</summary>
    /// <param name="gate">The gate name.</param>
    /// <param name="location">Where to attach it (the policy file or the scanned folder).</param>
    /// <param name="reason">What happened, one line.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(string gate, Location location, string reason) =>
        Finding.Create(Descriptor, location, $"Gate {gate} did not finish: {reason}. Its files are treated as failing.", $"gate-error:{gate}") with { Gate = gate };
}
