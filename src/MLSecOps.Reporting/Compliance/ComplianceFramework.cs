namespace MLSecOps.Reporting.Compliance;

/// <summary>A framework the compliance report covers, with its controls in catalogue order.</summary>
/// <param name="Key">The key, such as <c>owasp-llm</c>.</param>
/// <param name="Title">The title, such as <c>OWASP Top 10 for LLM Applications 2025</c>.</param>
/// <param name="Controls">The controls.</param>
public sealed record ComplianceFramework(string Key, string Title, IReadOnlyList<ComplianceControl> Controls);
