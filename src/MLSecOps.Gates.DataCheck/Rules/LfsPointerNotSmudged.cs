using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT063: Git LFS pointer left un-smudged.</summary>
internal static class LfsPointerNotSmudged
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT063",
        "Git LFS pointer left un-smudged",
        "The file is a Git LFS pointer, not the data: the checkout ran without `git lfs pull`, so the data itself was not scanned.",
        "Check out with LFS (`actions/checkout` with `lfs: true`, or `git lfs pull`) before the gate.",
        Severity.Info,
        [Threat.DataCompromise, Threat.InformationManipulation],
        ["AML.T0010"],
        Precision.High,
        example: "`data/train.parquet` that holds only `version https://git-lfs.github.com/spec/v1`, `oid sha256:…` and `size 1048576`.");
}
