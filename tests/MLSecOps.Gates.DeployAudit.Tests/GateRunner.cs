using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>Runs the deploy-audit gate over text written into a temporary directory.</summary>
internal static class GateRunner
{
    public static async Task<IReadOnlyList<Finding>> RunAsync(params (string Path, string Text)[] files) => await RunAsync(null, files);

    public static async Task<IReadOnlyList<Finding>> RunAsync(GateSettings? settings, params (string Path, string Text)[] files)
    {
        using var dir = new TempDirectory();
        foreach (var (path, text) in files)
        {
            dir.Write(path, text);
        }

        return await GateHarness.RunAsync(new DeployAuditGate(), dir.Path, settings);
    }
}
