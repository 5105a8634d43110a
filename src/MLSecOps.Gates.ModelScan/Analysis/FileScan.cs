using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>The state of one file's scan: where it is, the policy and budget, and the findings so far (deduplicated, capped).</summary>
internal sealed class FileScan
{
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _readers = [];
    private long _decompressed;
    private long _memoryHeld;

    /// <summary>Creates the scan state for <paramref name="path"/>.</summary>
    public FileScan(string path, PickleGlobalPolicy policy, ScanBudget budget, CancellationToken cancellationToken, MemoryBudget? memory = null)
    {
        Path = path;
        Policy = policy;
        Budget = budget;
        CancellationToken = cancellationToken;
        Memory = memory ?? new MemoryBudget(budget.MaxFileMemoryBytes, budget.MaxTotalMemoryBytes);
    }

    /// <summary>Gets the memory budget shared with the other files of the run.</summary>
    public MemoryBudget Memory { get; }

    /// <summary>Gets the readers that read some content of the file to its end (pickle, NumPy, ZIP, TAR).</summary>
    public IReadOnlyList<string> ReadBy => _readers;

    /// <summary>Gets the repository-relative path of the file.</summary>
    public string Path { get; }

    /// <summary>Gets or sets the pickle global policy; archives switch it for TorchScript members.</summary>
    public PickleGlobalPolicy Policy { get; set; }

    /// <summary>Gets the budget.</summary>
    public ScanBudget Budget { get; }

    /// <summary>Gets the token that stops the scan (gate cancellation or the per-file deadline).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the findings so far.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>Adds a finding unless the same rule and content key was already reported or the cap is reached.</summary>
    public void Report(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (_findings.Count < Budget.MaxFindingsPerFile && _seen.Add(finding.Rule.Id + "\n" + finding.ContentKey))
        {
            _findings.Add(finding);
        }
    }

    /// <summary>Reports that part of the file (<paramref name="logicalPath"/>) could not be analysed.</summary>
    public void Incomplete(string? logicalPath, string reason) => Report(IncompleteScan.Create(Path, logicalPath, reason));

    /// <summary>Records that <paramref name="reader"/> read some content of the file to its end.</summary>
    public void Read(string reader)
    {
        if (!_readers.Contains(reader))
        {
            _readers.Add(reader);
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> of buffer memory for this file.</summary>
    /// <exception cref="ScanBudgetExceededException">The file's share or the shared budget is spent.</exception>
    public void ReserveMemory(long bytes)
    {
        if (_memoryHeld + bytes > Memory.PerFile)
        {
            throw new ScanBudgetExceededException($"more than {Memory.PerFile / (1024 * 1024)} MiB of member data would be held in memory", fileWide: true);
        }

        if (!Memory.TryReserve(bytes, mayWait: _memoryHeld == 0, CancellationToken))
        {
            throw new ScanBudgetExceededException($"the {Memory.Total / (1024 * 1024)} MiB of memory shared by the files scanned at once is in use", fileWide: true);
        }

        _memoryHeld += bytes;
    }

    /// <summary>Returns <paramref name="bytes"/> reserved by <see cref="ReserveMemory"/>.</summary>
    public void ReleaseMemory(long bytes)
    {
        _memoryHeld -= bytes;
        Memory.Release(bytes);
    }

    /// <summary>Counts decompressed bytes against the file's budget.</summary>
    /// <exception cref="ScanBudgetExceededException">The budget is spent.</exception>
    public void ChargeDecompressed(long bytes)
    {
        _decompressed += bytes;
        if (_decompressed > Budget.MaxDecompressedBytes)
        {
            throw new ScanBudgetExceededException($"more than {Budget.MaxDecompressedBytes / (1024 * 1024)} MiB decompressed", fileWide: true);
        }
    }
}
