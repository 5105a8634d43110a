using MLSecOps.Core.Gates;

namespace MLSecOps.Core.Files;

/// <summary>What discovery found: the files to scan and the paths it did not scan, each with the reason.</summary>
/// <param name="Files">The regular files, sorted by repository-relative path.</param>
/// <param name="Problems">The paths not scanned: unreadable, not regular files, links out of the repository, and
/// paths skipped by ignore rules when git could not say whether they are tracked.</param>
public sealed record FileInventory(IReadOnlyList<ScanFile> Files, IReadOnlyList<DiscoveryProblem> Problems);
