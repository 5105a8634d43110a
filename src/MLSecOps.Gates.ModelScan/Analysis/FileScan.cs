using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>The state of one file's scan: where it is, the policy and budget, and the findings so far (deduplicated, capped).</summary>
internal sealed class FileScan
{
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private long _decompressed;

    /// <summary>Creates the scan state for <paramref name="path"/>.</summary>
    public FileScan(string path, PickleGlobalPolicy policy, ScanBudget budget, CancellationToken cancellationToken)
    {
        Path = path;
        Policy = policy;
        Budget = budget;
        CancellationToken = cancellationToken;
    }

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

    /// <summary>Counts decompressed bytes against the file's budget.</summary>
    /// <exception cref="ScanBudgetExceededException">The budget is spent.</exception>
    public void ChargeDecompressed(long bytes)
    {
        _decompressed += bytes;
        if (_decompressed > Budget.MaxDecompressedBytes)
        {
            throw new ScanBudgetExceededException($"more than {Budget.MaxDecompressedBytes / (1024 * 1024)} MiB decompressed");
        }
    }
}
