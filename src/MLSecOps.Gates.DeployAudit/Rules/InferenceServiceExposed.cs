using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP043: a KServe InferenceService is exposed externally without KServe / ODH authentication.</summary>
internal sealed class InferenceServiceExposed : IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP043",
        "KServe InferenceService exposed without auth",
        "The InferenceService is labelled `networking.kserve.io/visibility: exposed` (external route) but does not enable KServe or OpenDataHub authentication, so its predictor answers anyone who can reach the ingress gateway.",
        "Add the annotation `security.opendatahub.io/enable-auth: \"true\"` (OpenDataHub / OpenShift AI) or `serving.kserve.io/enable-auth: \"true\"`, or drop the label so the route stays cluster-local (`networking.knative.dev/visibility: cluster-local`).",
        Severity.High,
        [Threat.ModelTheft, Threat.ModelDenialOfService],
        ["CWE-306", "OWASP-LLM10", "AML.T0040"],
        Precision.High,
        example: "A KServe `InferenceService` labelled `networking.kserve.io/visibility: exposed` without `serving.kserve.io/enable-auth: \"true\"`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        var m = view.Manifest;
        if (m.Kind != "InferenceService" || m.Metadata?.Map("labels")?.Scalar("networking.kserve.io/visibility") is not { Value: "exposed" } label)
        {
            yield break;
        }

        var auth = m.Annotation("security.opendatahub.io/enable-auth") ?? m.Annotation("serving.kserve.io/enable-auth");
        if (!string.Equals(auth, "true", StringComparison.OrdinalIgnoreCase))
        {
            yield return Hit.On(Rule, m, label, "metadata.labels.networking.kserve.io/visibility", $"{m.Id} is exposed outside the cluster without enable-auth.");
        }
    }
}
