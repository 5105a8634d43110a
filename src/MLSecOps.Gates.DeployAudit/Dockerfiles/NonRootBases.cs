namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>Who a well-known base image runs as when a Dockerfile sets no <c>USER</c> (listed in docs/gates/deploy-audit.md).</summary>
internal static class NonRootBases
{
    /// <summary>Repository prefixes whose images end with a non-root USER.</summary>
    private static readonly string[] s_nonRoot =
    [
        "jupyter/", "quay.io/jupyter/", "docker.io/jupyter/", // docker-stacks: jovyan (uid 1000)
        "rayproject/ray", "docker.io/rayproject/ray",          // ray (uid 1000)
        "cgr.dev/chainguard/",                                 // nonroot (uid 65532), except -dev tags
        "bitnami/", "docker.io/bitnami/",                      // uid 1001
        "apache/airflow", "jupyterhub/k8s-singleuser-sample",
    ];

    /// <summary>Repository prefixes of widely used bases that run as root.</summary>
    private static readonly string[] s_root =
    [
        "python", "ubuntu", "debian", "alpine", "busybox", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "node", "golang",
        "nvidia/cuda", "nvcr.io/", "pytorch/pytorch", "tensorflow/tensorflow", "vllm/vllm-openai", "ollama/ollama",
        "ghcr.io/huggingface/text-generation-inference", "registry.access.redhat.com/ubi", "continuumio/", "condaforge/", "mambaorg/micromamba",
        "docker.io/library/", "library/",
    ];

    /// <summary>Returns who <paramref name="image"/> runs as: <see cref="BaseUser.NonRoot"/>, <see cref="BaseUser.Root"/> or <see cref="BaseUser.Unknown"/>.</summary>
    public static BaseUser Of(string image)
    {
        var lower = image.ToLowerInvariant();
        if (lower.Contains('$', StringComparison.Ordinal))
        {
            return BaseUser.Unknown;
        }

        var (name, tag) = Split(lower);
        if ((name.StartsWith("gcr.io/distroless/", StringComparison.Ordinal) && tag.Contains("nonroot", StringComparison.Ordinal))
            || (name.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal) && tag.Contains("chiseled", StringComparison.Ordinal)))
        {
            return BaseUser.NonRoot;
        }

        if (name.StartsWith("cgr.dev/chainguard/", StringComparison.Ordinal) && tag.Contains("-dev", StringComparison.Ordinal))
        {
            return BaseUser.Unknown;
        }

        if (s_nonRoot.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return BaseUser.NonRoot;
        }

        return name.StartsWith("gcr.io/distroless/", StringComparison.Ordinal) || s_root.Any(p => name == p || name.StartsWith(p.EndsWith('/') ? p : p + "/", StringComparison.Ordinal) || (p.EndsWith('/') && name.StartsWith(p, StringComparison.Ordinal)))
            || (!name.Contains('/', StringComparison.Ordinal) && name.Length > 0)
            ? BaseUser.Root
            : BaseUser.Unknown;
    }

    private static (string Name, string Tag) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var bare = at < 0 ? image : image[..at];
        var colon = bare.LastIndexOf(':');
        return colon > bare.LastIndexOf('/') ? (bare[..colon], bare[(colon + 1)..]) : (bare, "");
    }
}

/// <summary>Who a base image runs as.</summary>
internal enum BaseUser
{
    /// <summary>Not in the table.</summary>
    Unknown,

    /// <summary>Root.</summary>
    Root,

    /// <summary>A non-root user.</summary>
    NonRoot,
}
