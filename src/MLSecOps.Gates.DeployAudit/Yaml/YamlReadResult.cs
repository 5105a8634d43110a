namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>Why reading stopped early.</summary>
internal enum YamlErrorKind
{
    /// <summary>The text is not valid YAML.</summary>
    Syntax,

    /// <summary>A cap was hit: too many documents, too deep, or too many nodes once aliases are expanded.</summary>
    Limit,
}

/// <summary>Where and why reading stopped.</summary>
internal sealed record YamlError(YamlErrorKind Kind, TextSpan Span, string Message);

/// <summary>One document: its root node (null for an empty document) and its position in the stream.</summary>
internal sealed record YDocument(int Index, YNode? Root);

/// <summary>The documents read before the end of the stream or the first error.</summary>
internal sealed record YamlReadResult(IReadOnlyList<YDocument> Documents, YamlError? Error);
