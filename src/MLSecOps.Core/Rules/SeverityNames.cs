using System.Diagnostics.CodeAnalysis;

namespace MLSecOps.Core.Rules;

/// <summary>Parses and prints severities the way the policy file and CLI spell them.</summary>
public static class SeverityNames
{
    /// <summary>The accepted spellings, most severe first.</summary>
    public static IReadOnlyList<string> All { get; } = ["critical", "high", "medium", "low", "info"];

    /// <summary>Returns the lower-case name of <paramref name="severity"/>.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>For example <c>high</c>.</returns>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };

    /// <summary>Parses a severity name, case-insensitively.</summary>
    /// <param name="text">The name.</param>
    /// <param name="severity">The parsed severity.</param>
    /// <returns>Whether <paramref name="text"/> names a severity.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Severity? severity)
    {
        severity = text?.Trim().ToUpperInvariant() switch
        {
            "CRITICAL" => Severity.Critical,
            "HIGH" => Severity.High,
            "MEDIUM" => Severity.Medium,
            "LOW" => Severity.Low,
            "INFO" or "NOTE" => Severity.Info,
            _ => null,
        };
        return severity is not null;
    }
}
