namespace MLSecOps.AzureDevOps;

/// <summary>The type of a <c>task.logissue</c>.</summary>
public enum IssueType
{
    /// <summary>An error.</summary>
    Error,

    /// <summary>A warning.</summary>
    Warning,
}
