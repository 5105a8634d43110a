using System.Security.Cryptography;
using System.Text;
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
        return new Hit(Descriptor, dockerfile.Path, TextSpan.OfLine(number, text.Length), "Dockerfile", $"{instruction.Keyword} {Identity(instruction)}", message, evidence)
        {
            IgnoreLine = instruction.Line,
        };
    }

    /// <summary>
    /// Names an instruction without its values: the variable, image, user or port where the instruction declares one,
    /// else a short hash of its arguments. Values such as ARG defaults and RUN command lines can carry secrets and must
    /// not reach the logical path or the fingerprint key.
    /// </summary>
    private static string Identity(DockerInstruction instruction)
    {
        var arguments = instruction.Arguments.Trim();
        if (instruction.Keyword is "ARG" or "ENV" or "FROM" or "USER" or "EXPOSE" or "WORKDIR")
        {
            var end = arguments.IndexOfAny([' ', '\t', '=', '\n']);
            return end < 0 ? arguments : arguments[..end];
        }

        return "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(arguments)).AsSpan(0, 4));
    }
}
