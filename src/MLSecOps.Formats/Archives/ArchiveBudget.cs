namespace MLSecOps.Formats.Archives;

/// <summary>Limits for reading one archive: members, bytes and member names.</summary>
public sealed record ArchiveBudget
{
    /// <summary>Gets the most members read.</summary>
    /// <value>Defaults to 10,000.</value>
    public int MaxMembers { get; init; } = 10_000;

    /// <summary>Gets the most bytes read from one member.</summary>
    /// <value>Defaults to 1 GiB.</value>
    public long MaxMemberBytes { get; init; } = 1L << 30;
}
