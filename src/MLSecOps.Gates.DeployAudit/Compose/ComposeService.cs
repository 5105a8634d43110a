using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Compose;

/// <summary>One service of a docker-compose file.</summary>
/// <param name="Path">The repository-relative path of the file.</param>
/// <param name="Name">The service name.</param>
/// <param name="NameNode">The key node of the service (findings about missing keys point here).</param>
/// <param name="Body">The service mapping.</param>
/// <param name="Process">Its image, command and environment.</param>
internal sealed record ComposeService(string Path, string Name, YScalar NameNode, YMap Body, ServerProcess Process)
{
    /// <summary>Gets the subject used in logical paths, such as <c>services.ollama</c>.</summary>
    public string Subject => "services." + Name;
}
