namespace MLSecOps.Core.Rules;

/// <summary>How often a rule is expected to be wrong, as SARIF <c>precision</c> spells it.</summary>
public enum Precision
{
    /// <summary>No known false positives.</summary>
    VeryHigh,

    /// <summary>Rare false positives.</summary>
    High,

    /// <summary>Some false positives.</summary>
    Medium,

    /// <summary>Frequent false positives; advisory.</summary>
    Low,
}
