using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT062: Malformed DVC or LFS pointer.</summary>
internal static class MalformedDataPointer
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT062",
        "Malformed DVC or LFS pointer",
        "A `.dvc` file, `dvc.lock` or Git LFS pointer cannot be read: bad YAML, missing `md5`/`oid`, or a path that leaves the repository.",
        "Regenerate the pointer with `dvc add` or `git lfs track`.",
        Severity.Medium,
        [Threat.InformationManipulation],
        ["AML.T0020"],
        Precision.High,
        example: "A `data/train.csv.dvc` whose `outs` entry has no `md5`, or whose `path: ../../etc/passwd` leaves the repository.");
}
