using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>
/// A process as deployed: image, command line and environment, whether from a Kubernetes container, a compose
/// service or a Dockerfile. Model-server and secret rules read this one shape.
/// </summary>
internal sealed class ServerProcess
{
    /// <summary>Gets the repository-relative path of the file.</summary>
    public required string Path { get; init; }

    /// <summary>Gets who runs it, such as <c>Deployment/vllm</c>, <c>services.ollama</c> or <c>Dockerfile</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets where findings about something missing point (the container or service).</summary>
    public required TextSpan Anchor { get; init; }

    /// <summary>Gets the key path of the anchor.</summary>
    public required string AnchorPath { get; init; }

    /// <summary>Gets the image, if known.</summary>
    public string? Image { get; init; }

    /// <summary>Gets the command and arguments, word by word.</summary>
    public IReadOnlyList<ArgToken> Tokens { get; init; } = [];

    /// <summary>Gets the environment.</summary>
    public IReadOnlyList<EnvEntry> Env { get; init; } = [];

    /// <summary>Gets the Kubernetes resource, when the process is a container of one (for annotation ignores).</summary>
    public Manifest? Resource { get; init; }

    /// <summary>Gets the recognised servers.</summary>
    public ServerKinds Kinds { get; init; }

    /// <summary>Returns whether the process is any of <paramref name="kinds"/>.</summary>
    public bool Is(ServerKinds kinds) => (Kinds & kinds) != 0;

    /// <summary>Gets the last definition of an environment variable.</summary>
    public EnvEntry? EnvVar(string name) => Env.LastOrDefault(e => e.Name == name);

    /// <summary>Finds a flag (<c>--name</c> or <c>--name=value</c>; dashes and underscores alike).</summary>
    public ArgToken? Flag(string name) => FlagWithValue(name)?.Token;

    /// <summary>Finds a flag and its value (after <c>=</c> or in the next word; empty when bare).</summary>
    public (ArgToken Token, string Value)? FlagWithValue(string name)
    {
        var wanted = Normalise(name);
        for (var i = 0; i < Tokens.Count; i++)
        {
            var text = Tokens[i].Text;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var flag = Normalise(eq < 0 ? text : text[..eq]);
            if (flag != wanted)
            {
                continue;
            }

            if (eq >= 0)
            {
                return (Tokens[i], Unquote(text[(eq + 1)..]));
            }

            var next = i + 1 < Tokens.Count && !Tokens[i + 1].Text.StartsWith('-') ? Unquote(Tokens[i + 1].Text) : "";
            return (Tokens[i], next);
        }

        return null;
    }

    /// <summary>Returns whether any word equals <paramref name="word"/>.</summary>
    public bool HasWord(string word) => Tokens.Any(t => string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase));

    private static string Normalise(string flag) => flag.Replace('_', '-').ToLowerInvariant();

    private static string Unquote(string value) => value.Trim('"', '\'');
}
