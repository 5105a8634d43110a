namespace MLSecOps.Reporting.Compliance;

/// <summary>What a scan says about one control.</summary>
public enum ControlStatus
{
    /// <summary>Enabled rules check it and none reported an open finding (notes at info severity do not count).</summary>
    Passed,

    /// <summary>A rule that checks it reported an open finding of low severity or above.</summary>
    Failed,

    /// <summary>Every finding of its rules is waived, baselined or ignored in the source.</summary>
    Waived,

    /// <summary>No enabled rule of a gate that ran checks it.</summary>
    NotChecked,
}
