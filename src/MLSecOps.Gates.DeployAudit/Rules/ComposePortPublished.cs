using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP092: a compose service publishes a model-server or ML control-plane port on every host interface.</summary>
internal sealed class ComposePortPublished : IComposeRule
{
    private static readonly long[] s_controlPlanePorts = [11434, 8265, 6379, 10001, 8888, 8081, 8082, 5000, 7070, 7071];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP092",
        "Control-plane or model port published on all interfaces",
        "`ports: [\"11434:11434\"]` publishes on 0.0.0.0, and Docker's iptables rules bypass host firewalls such as ufw. An unauthenticated model server or control plane (Ollama 11434, Ray 8265/6379/10001, Jupyter 8888, TorchServe 8081, MLflow 5000) becomes reachable from the network.",
        "Bind to loopback: `\"127.0.0.1:11434:11434\"`, or drop `ports` and reach the service on the compose network through an authenticating proxy.",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction],
        ["CWE-306", "CWE-668", "AML.T0040"],
        Precision.High,
        example: "A compose service `ollama` with `ports: [\"11434:11434\"]` (published on all interfaces).");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ComposeService service, DeployAuditSettings settings)
    {
        var ports = service.Body.Seq("ports");
        for (var i = 0; i < (ports?.Items.Count ?? 0); i++)
        {
            var (hostIp, target) = Parse(ports!.Items[i]);
            var allInterfaces = hostIp is null or "0.0.0.0" or "::" or "[::]";
            if (allInterfaces && target is { } port && (service.Process.Kinds != ServerKinds.None || s_controlPlanePorts.Contains(port)))
            {
                yield return new Hit(Rule, service.Path, ports.Items[i].Span, service.Subject, $"ports[{i}]", $"Service '{service.Name}' publishes port {port} on all interfaces.");
            }
        }
    }

    private static (string? HostIp, long? Target) Parse(YNode node)
    {
        if (node is YMap map)
        {
            return map["published"] is null ? ("127.0.0.1", null) : (map.Text("host_ip"), map.Scalar("target")?.AsInteger);
        }

        if (node is not YScalar { Value: var text })
        {
            return (null, null);
        }

        var parts = text.Split('/')[0].Split(':');
        var target = long.TryParse(parts[^1].Split('-')[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : (long?)null;
        return (parts.Length >= 3 ? string.Join(':', parts[..^2]) : null, target);
    }
}
