using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP058: a Jupyter server is started with an empty token or password.</summary>
internal sealed class JupyterWithoutAuth : IProcessRule
{
    private static readonly string[] s_flags = ["--ServerApp.token", "--NotebookApp.token", "--IdentityProvider.token"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP058",
        "Jupyter server without a token or password",
        "An empty `token` (`--ServerApp.token=''`, `JUPYTER_TOKEN=`) turns Jupyter into an unauthenticated remote shell: anyone who reaches it runs code with the notebook's credentials, data and GPUs.",
        "Remove the empty token so Jupyter generates one, or pass a token from a Secret (`JUPYTER_TOKEN` via secretKeyRef); better, use JupyterHub or Kubeflow with SSO in front.",
        Severity.Critical,
        [Threat.UnintendedSystemInteraction, Threat.DataCompromise, Threat.ModelTheft],
        ["CWE-306", "AML.T0049"],
        Precision.VeryHigh,
        example: "A container running `jupyter lab --ip=0.0.0.0 --ServerApp.token=''`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        foreach (var name in s_flags)
        {
            if (process.FlagWithValue(name) is { } flag && (flag.Value.Length == 0 || flag.Value == "''"))
            {
                yield return new Hit(Rule, process.Path, flag.Token.Span, process.Subject, flag.Token.KeyPath, $"Jupyter in {process.Subject} runs with an empty token ({name}).")
                {
                    Resource = process.Resource,
                };
            }
        }

        if (process.Is(ServerKinds.Jupyter) && process.EnvVar("JUPYTER_TOKEN") is { Value: "" } env)
        {
            yield return new Hit(Rule, process.Path, env.Span, process.Subject, env.KeyPath, $"Jupyter in {process.Subject} sets JUPYTER_TOKEN to an empty value.") { Resource = process.Resource };
        }
    }
}
