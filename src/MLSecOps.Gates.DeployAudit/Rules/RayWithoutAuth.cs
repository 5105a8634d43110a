using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP056: a Ray head (dashboard, Jobs API, GCS) is reachable without Ray token authentication (ShadowRay).</summary>
internal sealed class RayWithoutAuth : IManifestRule, IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP056",
        "Ray cluster without token authentication",
        "The Ray dashboard and Jobs API (8265), GCS (6379) and client server (10001) accept anyone by default; the Jobs API runs arbitrary commands on the cluster. ShadowRay (CVE-2023-48022) used exactly this to hijack GPU clusters. KubeRay binds the dashboard to 0.0.0.0, and Ray token auth (2.52+) is off unless `RAY_AUTH_MODE=token`.",
        "Enable token auth: KubeRay `spec.authOptions: {mode: token}` or `RAY_AUTH_MODE=token` on head and workers (Ray ≥ 2.52; ≥ 2.54 for CVE-2026-27482), keep `--dashboard-host=127.0.0.1` outside Kubernetes, and never expose 8265/6379/10001 outside the cluster.",
        Severity.High,
        [Threat.UnintendedSystemInteraction, Threat.ModelTheft, Threat.ModelDenialOfService],
        ["CWE-306", "AML.T0049", "AML.T0029"],
        Precision.High,
        example: "A KubeRay `RayCluster` with a `headGroupSpec` but no `authOptions: { mode: token }` and no `RAY_AUTH_MODE=token`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        var m = view.Manifest;
        var (cluster, path) = m.Kind switch
        {
            "RayCluster" => (m.Spec, "spec"),
            "RayService" => (m.Spec?.Map("rayClusterConfig"), "spec.rayClusterConfig"),
            "RayJob" => (m.Spec?.Map("rayClusterSpec"), "spec.rayClusterSpec"),
            _ => (null, ""),
        };
        if (cluster?.Map("headGroupSpec") is not { } head || cluster.Map("authOptions")?.Text("mode") == "token")
        {
            yield break;
        }

        var headProcesses = view.Containers.Where(c => c.Site.KeyPath.StartsWith(path + ".headGroupSpec", StringComparison.Ordinal)).Select(c => c.Process);
        if (headProcesses.Any(HasToken))
        {
            yield break;
        }

        var node = head.Map("rayStartParams")?.Scalar("dashboard-host") ?? (YNode)cluster.KeyNode("headGroupSpec")!;
        yield return Hit.On(Rule, m, node, path + ".headGroupSpec", $"{m.Id} runs a Ray head without token authentication (authOptions or RAY_AUTH_MODE=token).") with { Absent = true };
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (process.Resource?.Kind is "RayCluster" or "RayService" or "RayJob" || !process.HasWord("--head") || HasToken(process))
        {
            yield break;
        }

        if (process.FlagWithValue("--dashboard-host") is { } host && host.Value is "0.0.0.0" or "::")
        {
            yield return new Hit(Rule, process.Path, host.Token.Span, process.Subject, host.Token.KeyPath,
                $"Ray head in {process.Subject} serves the dashboard on {host.Value} without RAY_AUTH_MODE=token.") { Resource = process.Resource };
        }
    }

    private static bool HasToken(ServerProcess process) => process.EnvVar("RAY_AUTH_MODE")?.Value == "token";
}
