using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT002: Data file does not match its dataset_info.json checksum.</summary>
internal static class DatasetChecksumMismatch
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT002",
        "Data file does not match its dataset_info.json checksum",
        "A Hugging Face `dataset_info.json` records, under `download_checksums`, the size and SHA-256 of a data file in the repository, and the file on disk has another size or hash: the data was changed after the metadata was written, or tampered with.",
        "If the change is intended regenerate `dataset_info.json` (the `datasets` library writes it with the data); otherwise restore the file from its source.",
        Severity.High,
        [Threat.InformationManipulation, Threat.DataPoisoning],
        ["AML.T0020", "AML.T0010"],
        Precision.High,
        example: "A `dataset_info.json` whose `download_checksums` entry for `data/train.csv` records the SHA-256 of `text,label\\nfine,0\\n`, while the committed file says `fine,1`.");
}
