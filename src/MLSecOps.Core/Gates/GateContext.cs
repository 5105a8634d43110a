using MLSecOps.Core.Policy;

namespace MLSecOps.Core.Gates;

/// <summary>What a gate gets to work on: the repository, its files and its policy section.</summary>
public sealed class GateContext
{
    private readonly string? _scanRoot;

    /// <summary>Gets the absolute repository root; every reported path is relative to it.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Gets the absolute folder that was scanned (where <c>.mlsecops.yml</c> lives); policy paths are relative to it.</summary>
    /// <value>Defaults to <see cref="RepositoryRoot"/>.</value>
    public string ScanRoot
    {
        get => _scanRoot ?? RepositoryRoot;
        init => _scanRoot = value;
    }

    /// <summary>Gets the files selected for the gate (after include and exclude globs, ignore rules and sharding).</summary>
    public required IReadOnlyList<ScanFile> Files { get; init; }

    /// <summary>Gets the gate's resolved settings from the policy file.</summary>
    public required GateSettings Settings { get; init; }

    /// <summary>Gets the policy's per-rule overrides by rule id, so a gate can tell which rules are switched off.</summary>
    public IReadOnlyDictionary<string, RuleOverride> RuleOverrides { get; init; } = new Dictionary<string, RuleOverride>();

    /// <summary>Gets the policy's waivers, in file order.</summary>
    public IReadOnlyList<Waiver> Waivers { get; init; } = [];

    /// <summary>Gets the clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets where the gate reports progress, if anyone listens.</summary>
    public IProgress<GateProgress>? Progress { get; init; }

    /// <summary>Gets whether the gate should hash the model and data files it inventories (asked for with a bill of
    /// materials; hashing reads every such file once more).</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool HashAssets { get; init; }

    /// <summary>Gets how many files the gate may work on at once.</summary>
    /// <value>Defaults to the processor count.</value>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Returns the absolute path of a policy path (relative to <see cref="ScanRoot"/>), refusing paths that leave the repository.</summary>
    /// <param name="relativePath">A path from the policy file, relative to the scanned folder.</param>
    /// <returns>The absolute path, or <see langword="null"/> when it would escape the repository root.</returns>
    public string? ResolveInRepository(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var root = Path.GetFullPath(RepositoryRoot);
        var full = Path.GetFullPath(Path.Combine(Path.GetFullPath(ScanRoot), relativePath));
        var rootWithSlash = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return full == root || full.StartsWith(rootWithSlash, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>Returns the repository-relative, forward-slash path of an absolute path, for locations.</summary>
    /// <param name="fullPath">An absolute path inside the repository.</param>
    /// <returns>The relative path.</returns>
    public string ToRelativePath(string fullPath) =>
        MLSecOps.Core.Files.RepositoryPath.Relative(Path.GetFullPath(RepositoryRoot), Path.GetFullPath(fullPath));
}
