namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>The limits one file's scan must stay within; exceeding any of them is reported as MOD001 (fail closed).</summary>
internal sealed record ScanBudget
{
    /// <summary>Gets the most pickle opcodes read per pickle stream (a 100 MB pickle has about 30 million).</summary>
    public long MaxOpcodes { get; init; } = 400_000_000;

    /// <summary>Gets the deepest the symbolic stack may grow.</summary>
    public int MaxStackDepth { get; init; } = 200_000;

    /// <summary>Gets the most memo slots per pickle stream.</summary>
    public int MaxMemoEntries { get; init; } = 20_000_000;

    /// <summary>Gets how many containers a pickle value may expand to (shared references counted again) beyond the opcodes read (MOD030 above).</summary>
    public long MaxPickleExpansion { get; init; } = 100_000_000;

    /// <summary>Gets how much literal content (characters plus 32 per object) the memo may retain; later literals are kept as unknown (fail closed).</summary>
    public long MaxRetainedText { get; init; } = 8L * 1024 * 1024;

    /// <summary>Gets how deep pickles nested in literals are followed.</summary>
    public int MaxNestedPickleDepth { get; init; } = 3;

    /// <summary>Gets the largest literal that is checked for and scanned as a nested pickle.</summary>
    public int MaxNestedPickleBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Gets how deep archives inside archives are opened.</summary>
    public int MaxArchiveDepth { get; init; } = 4;

    /// <summary>Gets the most archive members examined per archive.</summary>
    public int MaxArchiveEntries { get; init; } = 100_000;

    /// <summary>Gets the most bytes decompressed per file, over all members.</summary>
    public long MaxDecompressedBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Gets the most bytes decompressed from one member or compressed stream.</summary>
    public long MaxMemberDecompressedBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Gets the compression ratio above which a large member is reported as a bomb.</summary>
    public long MaxCompressionRatio { get; init; } = 100;

    /// <summary>Gets the largest compressed member buffered in memory to open it as a nested archive.</summary>
    public int MaxBufferedMemberBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Gets the most memory one file's buffered member data may hold.</summary>
    public long MaxFileMemoryBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Gets the most memory buffered member data may hold over all files scanned at once.</summary>
    public long MaxTotalMemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Gets the wall-clock time one file may take.</summary>
    public TimeSpan PerFileTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the wall-clock time all regular-expression checks of one file may take together (chat templates).</summary>
    public TimeSpan PerFileRegexTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the most findings kept per file; a flood of findings says enough.</summary>
    public int MaxFindingsPerFile { get; init; } = 200;
}
