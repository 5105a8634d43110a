using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP100: a KServe InferenceService logs no requests and responses (no <c>logger</c> on its predictor).</summary>
internal sealed class InferenceLoggingMissing : IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP100",
        "KServe InferenceService without request logging",
        "The InferenceService's predictor has no `logger`, so KServe sends no copy of requests and responses to a log sink: nobody can later see prompt injection, extraction attempts, drift or abuse in production (monitoring stage, governance evidence).",
        "Add `spec.predictor.logger: {mode: all, url: http://<log-sink>}` (or `mode: request` / `response`) pointing at your CloudEvents log sink; mask personal data there.",
        Severity.Low,
        [Threat.InformationManipulation, Threat.ModelTheft],
        ["OWASP-LLM10", "AML.T0024"],
        Precision.Medium,
        example: "A `kind: InferenceService` with `spec.predictor: {sklearn: {storageUri: gs://bucket/model}}` and no `logger:`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        var m = view.Manifest;
        if (m.Kind != "InferenceService" || !m.ApiVersion.StartsWith("serving.kserve.io/", StringComparison.Ordinal) || m.Spec?.Map("predictor") is not { } predictor)
        {
            yield break;
        }

        if (predictor.Map("logger") is null)
        {
            yield return Hit.On(Rule, m, m.Spec.KeyNode("predictor")!, "spec.predictor", $"{m.Id} has no predictor logger: requests and responses are not logged.");
        }
    }
}
