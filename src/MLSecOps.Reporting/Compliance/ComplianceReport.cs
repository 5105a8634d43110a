namespace MLSecOps.Reporting.Compliance;

/// <summary>The compliance view of one scan: per framework, every control with its status and evidence.</summary>
/// <param name="Frameworks">Each framework with its control results, in catalogue order.</param>
/// <param name="Gates">The gates that ran.</param>
public sealed record ComplianceReport(IReadOnlyList<(ComplianceFramework Framework, IReadOnlyList<ControlResult> Controls)> Frameworks, IReadOnlyList<string> Gates)
{
    /// <summary>Returns how many controls of a framework have a status.</summary>
    /// <param name="controls">The framework's results.</param>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public static int Count(IReadOnlyList<ControlResult> controls, ControlStatus status) => controls?.Count(c => c.Status == status) ?? 0;
}
