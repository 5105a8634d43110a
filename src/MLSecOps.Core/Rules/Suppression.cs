namespace MLSecOps.Core.Rules;

/// <summary>How a finding was suppressed, mirroring SARIF <c>suppression.kind</c>.</summary>
public enum SuppressionKind
{
    /// <summary>Suppressed in the scanned file itself, such as a <c># mlsecops:ignore</c> comment.</summary>
    InSource,

    /// <summary>Suppressed outside the file: a policy waiver or a baseline.</summary>
    External,
}

/// <summary>Why a finding does not block: an in-source ignore, a waiver or a baseline entry.</summary>
/// <param name="Kind">In source or external.</param>
/// <param name="Justification">The reason given by whoever suppressed it.</param>
/// <param name="Source">What suppressed it, such as <c>waiver</c>, <c>baseline</c> or <c>inline</c>.</param>
public sealed record Suppression(SuppressionKind Kind, string Justification, string Source)
{
    /// <summary>Gets the last day a waiver applies; <see langword="null"/> for baselines and in-source ignores.</summary>
    public DateOnly? Expires { get; init; }
}
