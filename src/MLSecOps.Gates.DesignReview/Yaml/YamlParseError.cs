namespace MLSecOps.Gates.DesignReview.Yaml;

/// <summary>Why a YAML document could not be read, and where.</summary>
/// <param name="Message">The parser's message, one line.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
internal sealed record YamlParseError(string Message, int Line, int Column);
