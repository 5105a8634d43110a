using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>One whitespace-separated word of a command line, with the span and key path of the value it came from.</summary>
internal sealed record ArgToken(string Text, TextSpan Span, string KeyPath);

/// <summary>One environment variable; <see cref="Value"/> is null when it comes from a reference (secretKeyRef, fieldRef).</summary>
internal sealed record EnvEntry(string Name, string? Value, TextSpan Span, string KeyPath);
