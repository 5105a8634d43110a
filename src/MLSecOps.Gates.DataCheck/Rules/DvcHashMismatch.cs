using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT060: Data file does not match its DVC or lock hash.</summary>
internal static class DvcHashMismatch
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT060",
        "Data file does not match its DVC or lock hash",
        "A `.dvc` pointer or `dvc.lock` out records an md5 (DVC 2.x text normalisation or DVC 3 raw bytes; `.dir` manifests for folders) that the file on disk no longer has: the data was changed without updating its pointer, or tampered with.",
        "If the change is intended run `dvc add` / `dvc commit`; otherwise restore the data from the DVC remote.",
        Severity.High,
        [Threat.InformationManipulation],
        ["AML.T0020", "AML.T0010"],
        Precision.High,
        example: "`data/train.csv.dvc` records `md5: 3f2a…` but `data/train.csv` was edited afterwards, so its md5 differs.");
}
