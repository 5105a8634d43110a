using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP057: an MLflow tracking server listens on all interfaces without authentication, or disables its security middleware.</summary>
internal sealed class MlflowWithoutAuth : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP057",
        "MLflow server without authentication",
        "`mlflow server --host 0.0.0.0` without `--app-name basic-auth` lets anyone read and overwrite experiments, register models that production later loads, and exploit path-traversal CVEs (CVE-2023-1177, CVE-2023-2780). `--disable-security-middleware` or `--allowed-hosts '*'` removes the DNS-rebinding and CORS protections of MLflow 3.5+.",
        "Start with `--app-name basic-auth` (change the default admin password) or put an authenticating proxy in front, keep `--host 127.0.0.1` when proxied, and do not disable the security middleware.",
        Severity.High,
        [Threat.ModelTheft, Threat.InformationManipulation, Threat.UnintendedSystemInteraction],
        ["CWE-306", "OWASP-ML05", "AML.T0010"],
        Precision.High,
        example: "A container running `mlflow server --host 0.0.0.0 --port 5000` without `--app-name basic-auth`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (!process.Is(ServerKinds.Mlflow))
        {
            yield break;
        }

        var host = process.FlagWithValue("--host") ?? process.FlagWithValue("-h");
        var auth = process.FlagWithValue("--app-name")?.Value == "basic-auth";
        if (host is { } h && h.Value is "0.0.0.0" or "::" && !auth)
        {
            yield return Make(process, h.Token, $"MLflow in {process.Subject} listens on {h.Value} without --app-name basic-auth.");
        }

        if (process.Flag("--disable-security-middleware") is { } disabled)
        {
            yield return Make(process, disabled, $"MLflow in {process.Subject} disables its security middleware.");
        }

        foreach (var flag in new[] { "--allowed-hosts", "--cors-allowed-origins" })
        {
            if (process.FlagWithValue(flag) is { Value: "*" } wildcard)
            {
                yield return Make(process, wildcard.Token, $"MLflow in {process.Subject} sets {flag} to '*'.");
            }
        }
    }

    private static Hit Make(ServerProcess process, ArgToken token, string message) =>
        new(Rule, process.Path, token.Span, process.Subject, token.KeyPath, message) { Resource = process.Resource };
}
