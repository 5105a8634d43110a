using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP101: a SeldonDeployment predictor logs no requests (no <c>logger</c> on any node of its inference graph).</summary>
internal sealed class SeldonLoggingMissing : IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP101",
        "Seldon deployment without request logging",
        "No node of the SeldonDeployment predictor's inference graph has a `logger`, so Seldon's request logger sends nothing to the log sink: requests and responses of the model in production cannot be audited (monitoring stage, governance evidence).",
        "Add `logger: {mode: all}` (with `url:` or the cluster's default request-logger endpoint) to the graph's model node.",
        Severity.Low,
        [Threat.InformationManipulation, Threat.ModelTheft],
        ["OWASP-LLM10", "AML.T0024"],
        Precision.Medium,
        example: "A `kind: SeldonDeployment` whose `predictors[0].graph` (and its children) has no `logger:`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        var m = view.Manifest;
        if (m.Kind != "SeldonDeployment" || m.Spec?.Seq("predictors") is not { } predictors)
        {
            yield break;
        }

        foreach (var (index, predictor) in predictors.Maps())
        {
            if (predictor.Map("graph") is { } graph && !Logs(graph, 0))
            {
                yield return Hit.On(Rule, m, predictor.KeyNode("graph")!, $"spec.predictors[{index}].graph", $"{m.Id} predictor `{predictor.Text("name") ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}` logs no requests: no graph node has a logger.");
            }
        }
    }

    private static bool Logs(YMap node, int depth) =>
        node.Map("logger") is not null
        || (depth < 32 && node.Seq("children") is { } children && children.Maps().Any(c => Logs(c.Map, depth + 1)));
}
