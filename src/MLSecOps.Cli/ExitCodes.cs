using MLSecOps.Core.Reporting;

namespace MLSecOps.Cli;

/// <summary>The CLI's exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>The policy passed.</summary>
    public const int Passed = 0;

    /// <summary>The policy blocked: at least one finding at or above fail-on is neither waived nor baselined.</summary>
    public const int Blocked = 1;

    /// <summary>A usage or configuration error: a bad argument, policy, baseline or output path.</summary>
    public const int UsageError = 2;

    /// <summary>Maps a decision to its exit code.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>0 when it passed, 1 when it blocked.</returns>
    public static int From(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Passed ? Passed : Blocked;
    }
}
