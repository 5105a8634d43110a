using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP085: the final image stage has no <c>USER</c>, or its last <c>USER</c> is root.</summary>
internal sealed class ImageRunsAsRoot : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP085",
        "Image runs as root",
        "Without a non-root `USER` in the final stage the server runs as root unless the deployment overrides it; code it is tricked into running (unsafe model loads, remote code, tool calls) gets root in the container.",
        "Create and switch to an unprivileged user at the end of the final stage: `RUN useradd --uid 10001 --create-home app` then `USER 10001`. Equivalents: Checkov CKV_DOCKER_3/CKV_DOCKER_8, Trivy DS-0002.",
        Severity.Medium,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.High,
        example: "A Dockerfile whose final stage is `FROM python:3.12-slim` with no `USER` instruction, or ends with `USER root`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        var stages = Stages(dockerfile);
        if (stages.Count == 0)
        {
            yield break;
        }

        var final = stages[^1];
        var (user, image) = Resolve(stages, stages.Count - 1, GlobalArgs(dockerfile));
        if (image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        if (user is not null)
        {
            if (user.Arguments.Split(':')[0].Trim() is "root" or "0")
            {
                yield return HitOn(dockerfile, user, "USER", "The final USER is root.");
            }

            yield break;
        }

        switch (NonRootBases.Of(image))
        {
            case BaseUser.Root:
                yield return HitOn(dockerfile, final[0], "FROM", $"The final stage sets no USER and its base {image} runs as root.");
                break;
            case BaseUser.Unknown:
                yield return HitOn(dockerfile, final[0], "FROM", $"The final stage sets no USER, so it runs as the base image's user ({image}), which may be root; set USER explicitly.")
                    with { Severity = Severity.Low };
                break;
        }
    }

    private static List<List<DockerInstruction>> Stages(Dockerfile dockerfile)
    {
        var stages = new List<List<DockerInstruction>>();
        foreach (var instruction in dockerfile.Instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add([]);
            }

            if (stages.Count > 0)
            {
                stages[^1].Add(instruction);
            }
        }

        return stages;
    }

    /// <summary>Follows <c>FROM stage</c> back through earlier stages: the last USER on the way wins, else the external base decides.</summary>
    private static (DockerInstruction? User, string Image) Resolve(List<List<DockerInstruction>> stages, int index, Dictionary<string, string> args)
    {
        for (var hops = 0; hops <= stages.Count; hops++)
        {
            var stage = stages[index];
            if (stage.LastOrDefault(i => i.Keyword == "USER") is { } user)
            {
                return (user, "");
            }

            var image = Substitute(FromImage.Parse(stage[0].Arguments).Image, args);
            var parent = index == 0 ? -1 : stages.FindLastIndex(index - 1, index, s => string.Equals(FromImage.Parse(s[0].Arguments).Alias, image, StringComparison.OrdinalIgnoreCase));
            if (parent < 0)
            {
                return (null, image);
            }

            index = parent;
        }

        return (null, "");
    }

    /// <summary>The ARG defaults declared before the first FROM, which FROM lines may use.</summary>
    private static Dictionary<string, string> GlobalArgs(Dockerfile dockerfile)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in dockerfile.Instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG"))
        {
            var text = instruction.Arguments.Trim();
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                args[text[..eq]] = Substitute(text[(eq + 1)..].Trim('"', '\''), args);
            }
        }

        return args;
    }

    private static string Substitute(string text, Dictionary<string, string> args)
    {
        foreach (var (name, value) in args)
        {
            text = text.Replace("${" + name + "}", value, StringComparison.Ordinal).Replace("$" + name, value, StringComparison.Ordinal);
        }

        return text;
    }
}
