using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.TestKit;

/// <summary>Runs one gate over a real directory, handing it every file below it, as the runner would.</summary>
public static class GateHarness
{
    /// <summary>Runs <paramref name="gate"/> over every file below <paramref name="root"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> RunAsync(IGate gate, string root, GateSettings? settings = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var full = Path.GetFullPath(root);
        var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => new ScanFile(f, Path.GetRelativePath(full, f).Replace('\\', '/'), new FileInfo(f).Length))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        return await RunAsync(gate, full, files, settings, time).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="gate"/> over the given files of <paramref name="root"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> RunAsync(IGate gate, string root, IReadOnlyList<ScanFile> files, GateSettings? settings = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var context = new GateContext
        {
            RepositoryRoot = Path.GetFullPath(root),
            Files = files,
            Settings = settings ?? GateSettings.Empty,
            TimeProvider = time ?? TimeProvider.System,
        };
        var result = await gate.RunAsync(context, CancellationToken.None).ConfigureAwait(false);
        return result.Findings;
    }

    /// <summary>Runs <paramref name="gate"/> over every file below <paramref name="root"/> and returns the whole result
    /// (findings, inventory, mitigations).</summary>
    public static Task<GateResult> ResultAsync(IGate gate, string root, GateSettings? settings = null, bool hashAssets = false)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var full = Path.GetFullPath(root);
        var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => new ScanFile(f, Path.GetRelativePath(full, f).Replace('\\', '/'), new FileInfo(f).Length))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        var context = new GateContext { RepositoryRoot = full, Files = files, Settings = settings ?? GateSettings.Empty, HashAssets = hashAssets };
        return gate.RunAsync(context, CancellationToken.None);
    }

    /// <summary>Builds settings from key/value pairs (string, bool, int, string list or string-list map).</summary>
    public static GateSettings Settings(params (string Key, object Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value));
}
