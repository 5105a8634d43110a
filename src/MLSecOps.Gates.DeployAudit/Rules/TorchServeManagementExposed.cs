using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP054: the TorchServe management (or metrics) API listens on all interfaces, or token authorization is disabled.</summary>
internal sealed class TorchServeManagementExposed : ITorchServeConfigRule, IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP054",
        "TorchServe management API exposed",
        "The management API registers models from URLs and loads them, which runs their handler code. Bound to 0.0.0.0 (as older official images did) it was the entry point of ShellTorch (CVE-2023-43654): unauthenticated model registration to remote code execution. Disabling token authorization (`--disable-token-auth`) removes the last guard.",
        "Bind management and metrics to loopback (`management_address=http://127.0.0.1:8081`), keep token authorization on (TorchServe ≥ 0.11), and upgrade to ≥ 0.8.2.",
        Severity.High,
        [Threat.UnintendedSystemInteraction, Threat.MalwareDistribution],
        ["CWE-306", "CWE-918", "AML.T0010", "AML.T0049"],
        Precision.High,
        example: "A TorchServe `config.properties` line `management_address=http://0.0.0.0:8081`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(TorchServeConfig config, DeployAuditSettings settings)
    {
        foreach (var (key, value, span) in config.Entries)
        {
            var exposed = key == "management_address" && (value.Contains("0.0.0.0", StringComparison.Ordinal) || value.Contains("[::]", StringComparison.Ordinal));
            var noAuth = key == "disable_token_authorization" && value.Equals("true", StringComparison.OrdinalIgnoreCase);
            if (exposed || noAuth)
            {
                yield return new Hit(Rule, config.Path, span, config.Subject, config.PathOf(key), $"TorchServe {key}={value} in {config.Subject}.") { Resource = config.Resource };
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (process.Is(ServerKinds.TorchServe) && process.Flag("--disable-token-auth") is { } flag)
        {
            yield return new Hit(Rule, process.Path, flag.Span, process.Subject, flag.KeyPath, $"TorchServe in {process.Subject} disables token authorization.") { Resource = process.Resource };
        }

        if (process.EnvVar("TS_MANAGEMENT_ADDRESS") is { Value: { } address } env && address.Contains("0.0.0.0", StringComparison.Ordinal))
        {
            yield return new Hit(Rule, process.Path, env.Span, process.Subject, env.KeyPath, $"TorchServe in {process.Subject} binds management to {address}.") { Resource = process.Resource };
        }
    }
}
