namespace MLSecOps.AzureDevOps;

/// <summary>The result a task reports with <c>task.complete</c>.</summary>
public enum TaskResult
{
    /// <summary>Succeeded.</summary>
    Succeeded,

    /// <summary>Succeeded, with warnings worth a look.</summary>
    SucceededWithIssues,

    /// <summary>Failed.</summary>
    Failed,
}
