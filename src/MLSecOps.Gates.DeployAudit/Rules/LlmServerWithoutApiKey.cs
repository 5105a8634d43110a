using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP051: vLLM or TGI runs without an API key.</summary>
internal sealed class LlmServerWithoutApiKey : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP051",
        "LLM server without an API key",
        "vLLM and TGI serve anonymous requests unless started with `--api-key` (or `VLLM_API_KEY` / `API_KEY`). Anyone who reaches the port can use the GPUs and extract model behaviour. Even with a key, vLLM protects only `/v1` routes, so a gateway in front is still needed.",
        "Pass the key from a Secret: `env: [{name: VLLM_API_KEY, valueFrom: {secretKeyRef: {name: llm-api, key: key}}}]` (TGI: `API_KEY`), and put an authenticating reverse proxy that allow-lists routes in front.",
        Severity.High,
        [Threat.ModelTheft, Threat.ModelDenialOfService],
        ["CWE-306", "OWASP-LLM10", "AML.T0040"],
        Precision.High,
        example: "A container running `vllm serve org/model --port 8000` with no `--api-key` and no `VLLM_API_KEY` variable.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        var vllm = process.Is(ServerKinds.Vllm) && process.Flag("--api-key") is null && process.EnvVar("VLLM_API_KEY") is null;
        var tgi = process.Is(ServerKinds.Tgi) && process.Flag("--api-key") is null && process.EnvVar("API_KEY") is null;
        if (vllm || tgi)
        {
            yield return new Hit(Rule, process.Path, process.Anchor, process.Subject, process.AnchorPath,
                $"{(vllm ? "vLLM" : "TGI")} server in {process.Subject} runs without --api-key.") { Resource = process.Resource, Absent = true };
        }
    }
}
