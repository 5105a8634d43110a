using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules.Bases;

/// <summary>A Dockerfile rule; findings point at a physical line of an instruction.</summary>
internal abstract class DockerfileRuleBase : IDockerfileRule
{
    /// <inheritdoc />
    public abstract RuleDescriptor Descriptor { get; }

    /// <inheritdoc />
    public abstract IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings);

    /// <summary>Creates a hit on the line of <paramref name="instruction"/> holding <paramref name="fragment"/>.</summary>
    protected Hit HitOn(Dockerfile dockerfile, DockerInstruction instruction, string fragment, string message, string? evidence = null)
    {
        var (number, text) = instruction.LineOf(fragment);
        return new Hit(Descriptor, dockerfile.Path, TextSpan.OfLine(number, text.Length), "Dockerfile", $"{instruction.Keyword} {Shorten(instruction.Arguments)}", message, evidence)
        {
            IgnoreLine = instruction.Line,
        };
    }

    private static string Shorten(string arguments)
    {
        var firstLine = arguments.Split('\n')[0];
        return firstLine.Length <= 60 ? firstLine : firstLine[..60];
    }
}
