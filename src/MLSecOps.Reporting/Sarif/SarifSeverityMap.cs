using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Core.Rules;

namespace MLSecOps.Reporting.Sarif;

/// <summary>The one table from our severities to SARIF <c>level</c> and GitHub <c>security-severity</c>.</summary>
public static class SarifSeverityMap
{
    /// <summary>Returns the SARIF level name: critical and high are errors, medium a warning, low and info notes.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns><c>error</c>, <c>warning</c> or <c>note</c>; the same levels GitHub annotations use.</returns>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>Returns the SARIF object-model level for <paramref name="severity"/>, following <see cref="Level"/>.</summary>
    internal static FailureLevel FailureLevelOf(Severity severity) => Level(severity) switch
    {
        "error" => FailureLevel.Error,
        "warning" => FailureLevel.Warning,
        _ => FailureLevel.Note,
    };

    /// <summary>Returns the <c>security-severity</c> score GitHub reads, or <see langword="null"/> for info.</summary>
    /// <remarks>GitHub accepts 0.1 to 10 and ranks 0.1–3.9 as low; info is not a security risk, so it carries no score
    /// and GitHub shows it as a plain note instead of a low-severity alert.</remarks>
    /// <param name="severity">The severity.</param>
    /// <returns>For example <c>9.5</c> for critical.</returns>
    public static string? SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => null,
    };

    /// <summary>Returns the SARIF <c>precision</c> property value.</summary>
    /// <param name="precision">The precision.</param>
    /// <returns><c>very-high</c>, <c>high</c>, <c>medium</c> or <c>low</c>.</returns>
    public static string PrecisionName(Precision precision) => precision switch
    {
        Precision.VeryHigh => "very-high",
        Precision.High => "high",
        Precision.Medium => "medium",
        _ => "low",
    };
}
