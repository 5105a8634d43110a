namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>Something the system calls or lets a model call: an agent tool, an external API, a plugin.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Kind">agent-tool, external-api, plugin or data-source.</param>
/// <param name="Capabilities">read, write, network, execute.</param>
/// <param name="Pointer">Its JSON pointer.</param>
internal sealed record Integration(string Name, string Kind, IReadOnlyList<string> Capabilities, string Pointer);
