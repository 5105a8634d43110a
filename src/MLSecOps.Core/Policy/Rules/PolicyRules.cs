using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>The policy core's own rules, in id order.</summary>
public static class PolicyRules
{
    /// <summary>Gets every POL rule.</summary>
    public static IReadOnlyList<RuleDescriptor> All { get; } =
        [ScanError.Descriptor, ExpiredWaiver.Descriptor, UnusedWaiver.Descriptor, PathNotScanned.Descriptor, LinkOutsideRepository.Descriptor, IgnoredPathsSkipped.Descriptor, GatePathsMatchNothing.Descriptor];
}
