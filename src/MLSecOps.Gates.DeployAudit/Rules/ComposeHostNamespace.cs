using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP091: a compose service shares the host network, PID or IPC namespace.</summary>
internal sealed class ComposeHostNamespace : IComposeRule
{
    private static readonly string[] s_keys = ["network_mode", "pid", "ipc", "userns_mode"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP091",
        "Compose service uses a host namespace",
        "`network_mode: host` binds the model server on every host interface, bypassing published-port rules (so an Ollama or vLLM meant for localhost is on the LAN); `pid: host` / `ipc: host` expose host processes and shared memory.",
        "Use the default bridge network and publish only the ports needed, bound to 127.0.0.1 (`\"127.0.0.1:11434:11434\"`); use `shm_size` instead of `ipc: host` for PyTorch shared memory.",
        Severity.High,
        [Threat.Misconfiguration, Threat.UnintendedSystemInteraction],
        ["CWE-653"],
        Precision.VeryHigh,
        example: "A compose service running Ollama with `network_mode: host`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ComposeService service, DeployAuditSettings settings)
    {
        foreach (var key in s_keys)
        {
            if (service.Body.Scalar(key) is { Value: "host" } value)
            {
                yield return new Hit(Rule, service.Path, value.Span, service.Subject, key, $"Service '{service.Name}' sets {key}: host.");
            }
        }
    }
}
