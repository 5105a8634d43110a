using MLSecOps.Core.Files;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using PolicyModel = MLSecOps.Core.Policy.Policy;

namespace MLSecOps.Cli.Scanning;

/// <summary>Runs a scan end to end up to the decision: resolve paths, load policy and baseline, select files, run gates, evaluate.</summary>
/// <param name="gates">Every gate, in run order.</param>
/// <param name="host">The process environment.</param>
internal sealed class ScanService(IReadOnlyList<IGate> gates, CliHost host)
{
    /// <summary>The policy file looked for in the scanned folder when --policy is not given.</summary>
    public const string DefaultPolicyFile = ".mlsecops.yml";

    /// <summary>Resolves where the scan happens and which policy applies; throws <see cref="PolicyException"/> for user mistakes.</summary>
    public ScanTarget Resolve(ScanOptions options)
    {
        var path = Path.GetFullPath(Path.Combine(host.WorkingDirectory, options.Path));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new PolicyException($"{options.Path}: path not found; pass a folder or file inside your repository (default: the current folder)");
        }

        var root = RepositoryRoot.Resolve(path, host);
        var scanRoot = Directory.Exists(path) ? path.TrimEnd(Path.DirectorySeparatorChar) : Path.GetDirectoryName(path)!;
        var scanFolder = Relative(root, scanRoot);
        var scanPrefix = Prefix(scanFolder);
        var policyPath = options.PolicyFile is { } given ? Path.GetFullPath(Path.Combine(host.WorkingDirectory, given)) : Discover(scanRoot, root);
        var policyExists = File.Exists(policyPath);
        var loader = new PolicyLoader(gates, PolicyRules.All);
        var policy = options.PolicyFile is not null || policyExists
            ? loader.Load(policyPath, Display(policyPath))
            : PolicyModel.Default;
        if (options.HasFailOn)
        {
            policy = policy with { FailOn = options.FailOn };
        }
        else if (options.Verify)
        {
            // A deployment gate blocks on any integrity finding but the notes (what an offline check could not verify).
            policy = policy with { FailOn = Severity.Low };
        }

        var baseline = options.BaselineFile is { } baselineFile
            ? Baseline.Load(Path.GetFullPath(Path.Combine(host.WorkingDirectory, baselineFile)), baselineFile)
            : Baseline.Empty;
        // A policy found above the scanned folder keeps meaning what it says there: its globs are relative to its own folder.
        var policyFolder = Path.GetDirectoryName(policyPath)!;
        var globPrefix = options.PolicyFile is null && policyExists && policyFolder != scanRoot ? Prefix(Relative(root, policyFolder)) : scanPrefix;
        return new ScanTarget(path, root, scanRoot, scanPrefix, policy, policyExists ? Relative(root, policyPath) : scanPrefix + DefaultPolicyFile, baseline) { GlobPrefix = globPrefix };
    }

    /// <summary>Returns the nearest <c>.mlsecops.yml</c> from the scanned folder up to the repository root (as git and
    /// EditorConfig look for theirs), or the scanned folder's when there is none.</summary>
    private static string Discover(string scanRoot, string repositoryRoot)
    {
        for (var dir = new DirectoryInfo(scanRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultPolicyFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (string.Equals(dir.FullName.TrimEnd(Path.DirectorySeparatorChar), repositoryRoot, StringComparison.Ordinal))
            {
                break;
            }
        }

        return Path.Combine(scanRoot, DefaultPolicyFile);
    }

    /// <summary>Runs the selected gates and applies the policy.</summary>
    public async Task<ScanReport> ScanAsync(ScanTarget target, ScanOptions options, IProgress<GateProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var started = host.Time.GetUtcNow();
        var inventory = FileDiscovery.Discover(target.RepositoryRoot, target.Path);
        var plans = SelectGates(target.Policy, options)
            .Select(gate => Plan(gate, target, inventory, options.Shard, progress, hashAssets: options.BomFile is not null))
            .ToList();
        var runner = new GateRunner(new Location(target.PolicyPath));
        var runs = (await runner.RunAsync(plans, cancellationToken).ConfigureAwait(false))
            .Select(run => WithUnmatchedPaths(run, target, inventory.Files))
            .ToList();
        var evaluator = new PolicyEvaluator(target.Policy, target.Baseline, target.GlobPrefix, target.PolicyPath);
        var (reports, decision) = evaluator.Evaluate(runs, DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime));
        return new ScanReport
        {
            ToolVersion = ToolVersion.Current,
            RepositoryRoot = target.RepositoryRoot,
            Gates = reports,
            Decision = decision,
            StartedAt = started,
        };
    }

    private IEnumerable<IGate> SelectGates(PolicyModel policy, ScanOptions options)
    {
        var selected = options.Gate is null ? gates.Where(g => policy.ForGate(g.Name).Enabled) : gates.Where(g => g.Name == options.Gate);
        return options.Verify ? selected.Select(DeferredGate.Unwrap).OfType<IVerifyingGate>().Select(g => new VerificationGate(g)) : selected;
    }

    /// <summary>Returns the files a gate scans under the policy: its paths and excludes, and the shard.</summary>
    public static IReadOnlyList<ScanFile> FilesFor(IGate gate, ScanTarget target, IReadOnlyList<ScanFile> files, Shard? shard)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(target);
        return Selection(gate, target, shard).Apply(files);
    }

    /// <summary>Adds POL007 to a run whose policy paths selected nothing while the gate understands other files.</summary>
    private static GateRun WithUnmatchedPaths(GateRun run, ScanTarget target, IReadOnlyList<ScanFile> files)
    {
        var paths = target.Policy.ForGate(run.Gate.Name).Paths;
        var selected = FilesFor(run.Gate, target, files, shard: null).Count;
        return GatePathsMatchNothing.Check(run.Gate, paths, selected, files, target.PolicyPath) is { } finding
            ? run with { Result = run.Result with { Findings = [.. run.Result.Findings, finding] } }
            : run;
    }

    private static FileSelection Selection(IGate gate, ScanTarget target, Shard? shard)
    {
        var section = target.Policy.ForGate(gate.Name);
        var include = section.Paths.Count > 0 ? section.Paths : gate.DefaultPaths;
        return new FileSelection(include, section.Exclude, target.GlobPrefix, shard);
    }

    private GatePlan Plan(IGate gate, ScanTarget target, FileInventory inventory, Shard? shard, IProgress<GateProgress>? progress, bool hashAssets)
    {
        var section = target.Policy.ForGate(gate.Name);
        var selection = Selection(gate, target, shard);
        var context = new GateContext
        {
            RepositoryRoot = target.RepositoryRoot,
            ScanRoot = target.ScanRoot,
            Files = selection.Apply(inventory.Files),
            Settings = ExecutableSettings.Resolve(gate, section.Settings, host, target.PolicyPath),
            RuleOverrides = target.Policy.Rules,
            Waivers = target.Policy.Waivers,
            TimeProvider = host.Time,
            Progress = progress,
            HashAssets = hashAssets,
        };
        return new GatePlan(gate, context, section.Timeout) { DiscoveryFindings = selection.Findings(inventory) };
    }

    private string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(host.WorkingDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }

    private static string Prefix(string folder) => folder is "." ? "" : folder + "/";

    private static string Relative(string root, string path) => RepositoryPath.Relative(root, path);
}

/// <summary>Where a scan happens and under which policy.</summary>
/// <param name="Path">The absolute scanned path (folder or file).</param>
/// <param name="RepositoryRoot">The folder reported paths are relative to.</param>
/// <param name="ScanRoot">The scanned folder (the file's folder for a single file).</param>
/// <param name="ScanPrefix">The scanned folder relative to the root, empty or ending in '/'.</param>
/// <param name="Policy">The policy in force.</param>
/// <param name="PolicyPath">The repository-relative policy file path, where policy findings point.</param>
/// <param name="Baseline">Accepted findings.</param>
internal sealed record ScanTarget(string Path, string RepositoryRoot, string ScanRoot, string ScanPrefix, PolicyModel Policy, string PolicyPath, Baseline Baseline)
{
    /// <summary>Gets the folder the policy's globs are relative to (empty or ending in '/'): the scanned folder, or the
    /// folder of a policy found above it.</summary>
    public string GlobPrefix { get; init; } = ScanPrefix;
}
