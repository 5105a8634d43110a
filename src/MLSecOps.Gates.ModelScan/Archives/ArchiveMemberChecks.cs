using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>Checks shared by ZIP and TAR members: names that escape the extraction folder and links.</summary>
internal static class ArchiveMemberChecks
{
    /// <summary>Reports the member <paramref name="logicalName"/> if its name is absolute, has a drive letter or a <c>..</c> segment.</summary>
    public static void CheckName(FileScan scan, string logicalName)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(logicalName);
        var name = MemberName(logicalName);
        var normalized = name.Replace('\\', '/');
        var escapes = normalized.StartsWith('/')
            || (normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':')
            || normalized.Split('/').Contains("..");
        if (escapes)
        {
            scan.Report(ArchivePathTraversal.Create(
                scan.Path, logicalName, $"Archive member `{name}` would be extracted outside the archive's folder.", $"{logicalName}|traversal", name));
        }
    }

    /// <summary>Reports a link member.</summary>
    public static void ReportLink(FileScan scan, string logicalName, string kind, string? target)
    {
        ArgumentNullException.ThrowIfNull(scan);
        scan.Report(ArchiveLink.Create(
            scan.Path, logicalName, $"Archive member `{MemberName(logicalName)}` is a {kind} link{(target is null ? "" : $" to `{target}`")}.", $"{logicalName}|link", target));
    }

    /// <summary>Returns the member's own name within the innermost archive.</summary>
    private static string MemberName(string logicalName)
    {
        var bang = logicalName.LastIndexOf("!/", StringComparison.Ordinal);
        return bang < 0 ? logicalName : logicalName[(bang + 2)..];
    }
}
