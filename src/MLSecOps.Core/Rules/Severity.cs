namespace MLSecOps.Core.Rules;

/// <summary>How serious a finding is; ordered so that a larger value is more severe.</summary>
public enum Severity
{
    /// <summary>Informational; never blocks unless fail-on is info.</summary>
    Info = 0,

    /// <summary>Low risk.</summary>
    Low = 1,

    /// <summary>Medium risk.</summary>
    Medium = 2,

    /// <summary>High risk; blocks with the default fail-on.</summary>
    High = 3,

    /// <summary>Critical risk, such as code execution on load.</summary>
    Critical = 4,
}
