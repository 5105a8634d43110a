using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT003: dataset_info.json cannot be read.</summary>
internal static class MalformedDatasetInfo
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT003",
        "dataset_info.json cannot be read",
        "A Hugging Face `dataset_info.json` is not valid JSON, is not an object, has `features`, `splits` or `download_checksums` of the wrong shape, or names a checksummed file outside the repository: its licence and integrity cannot be checked.",
        "Regenerate the file with the `datasets` library (`DatasetInfo.write_to_directory`), or fix the entry named in the message.",
        Severity.Medium,
        [Threat.InformationManipulation],
        ["AML.T0020"],
        Precision.High,
        example: "A `dataset_info.json` with `\"features\": []`, or a `download_checksums` key `../../../etc/passwd`.");
}
