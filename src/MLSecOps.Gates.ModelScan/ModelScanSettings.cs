using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Gates.ModelScan;

/// <summary>The <c>model-scan</c> section of <c>.mlsecops.yml</c>.</summary>
internal sealed record ModelScanSettings
{
    private const long MiB = 1024 * 1024;

    /// <summary>The keys the section accepts, besides paths and exclude.</summary>
    public static IReadOnlyList<SettingDescriptor> Descriptors { get; } =
    [
        new("allowed-globals", SettingKind.StringListMap, "Extra (module → names) pairs pickles may reference, beyond the built-in allowlist. Default: none."),
        new("unknown-globals", SettingKind.String, "How pickle globals that are on neither list are graded: `review` (default: an unknown class is medium, an unknown function high, a class of the repository's own Python files low) or `block` (every unknown global is high)."),
        new("allowed-licenses", SettingKind.StringList, "SPDX ids of model licences that are allowed, lower case. Default: any licence, but a missing one is reported."),
        new("lockfile", SettingKind.String, "The lock file of models and data (SHA-256 and size per file; the same file as gates.data-check.lockfile), relative to the policy file. Default: none (integrity not checked)."),
        new("require-signature", SettingKind.Boolean, "Every folder holding model files must carry an OpenSSF model-signing `model.sig` in it or above it (MOD090). Default: false."),
        new("signature-public-keys", SettingKind.StringList, "PEM public keys (ECDSA P-256/P-384/P-521 or Ed25519) whose `model.sig` signatures are trusted, relative to the policy file. Default: none."),
        new("signature-ca-certificates", SettingKind.StringList, "PEM CA certificates (roots and intermediates) that signing certificates of the certificate method must chain to. Default: none."),
        new("signature-sigstore-roots", SettingKind.StringList, "PEM Sigstore Fulcio root and intermediate certificates that keyless signing certificates must chain to (from the Sigstore trusted root). Default: none (the identity is then only claimed: MOD096 medium)."),
        new("signature-identities", SettingKind.StringList, "Allowed signer identities of certificate and Sigstore keyless signatures: e-mail, URI or common name, `*` matches any run of characters. Default: none (keyless signatures are then MOD094; certificate signatures are allowed for any subject of a configured CA)."),
        new("signature-oidc-issuers", SettingKind.StringList, "Allowed OIDC issuers of Sigstore keyless certificates, such as https://token.actions.githubusercontent.com. Default: any."),
        new("max-file-seconds", SettingKind.Integer, "Wall-clock seconds one model file may take before it is reported as not fully analysed (MOD001). Default: 120."),
        new("max-regex-seconds", SettingKind.Integer, "Seconds all pattern checks of one file (chat templates) may take together before the rest is reported as not analysed (MOD001). Default: 10."),
        new("max-decompressed-mb", SettingKind.Integer, "MiB that may be decompressed from one file's archive members before the rest is reported as not analysed (MOD001). Default: 4096."),
        new("max-member-decompressed-mb", SettingKind.Integer, "MiB that may be decompressed from one archive member or compressed stream (MOD001 beyond). Default: 4096."),
        new("max-compression-ratio", SettingKind.Integer, "Compression ratio above which a member larger than 10 MiB is reported as a bomb (MOD014). Default: 100."),
        new("max-pickle-opcodes", SettingKind.Integer, "Opcodes read per pickle stream before the rest is reported as not analysed (MOD001). Default: 400000000."),
        new("max-pickle-stack-depth", SettingKind.Integer, "Deepest symbolic pickle stack (MOD001 beyond). Default: 200000."),
        new("max-pickle-memo-entries", SettingKind.Integer, "Most memo slots per pickle stream (MOD001 beyond). Default: 20000000."),
        new("max-pickle-expansion", SettingKind.Integer, "Containers one pickle value may expand to, shared references counted again, beyond the opcodes read, before it is reported as an expansion bomb (MOD030). Default: 100000000."),
        new("max-archive-depth", SettingKind.Integer, "How deep archives inside archives are opened (MOD001 and MOD014 beyond). Default: 4."),
        new("max-file-memory-mb", SettingKind.Integer, "MiB of buffered member data one file may hold (MOD001 beyond). Default: 128."),
        new("max-total-memory-mb", SettingKind.Integer, "MiB of buffered member data all files scanned at once may hold; files wait for it or, if they already hold some, report MOD001. Default: 256."),
    ];

    /// <summary>Gets extra allowed pickle globals: module → qualified names (<c>*</c> allows the whole module).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedGlobals { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the allowed licence ids; empty means any.</summary>
    public IReadOnlyList<string> AllowedLicenses { get; init; } = [];

    /// <summary>Gets the lock file path, relative to the repository root.</summary>
    public string? LockFile { get; init; }

    /// <summary>Gets whether every model folder must be signed.</summary>
    public bool RequireSignature { get; init; }

    /// <summary>Gets the trusted public key files.</summary>
    public IReadOnlyList<string> SignaturePublicKeys { get; init; } = [];

    /// <summary>Gets the trusted CA certificate files.</summary>
    public IReadOnlyList<string> SignatureCaCertificates { get; init; } = [];

    /// <summary>Gets the Sigstore Fulcio root certificate files.</summary>
    public IReadOnlyList<string> SignatureSigstoreRoots { get; init; } = [];

    /// <summary>Gets the allowed signer identities.</summary>
    public IReadOnlyList<string> SignatureIdentities { get; init; } = [];

    /// <summary>Gets the allowed Sigstore OIDC issuers; empty means any.</summary>
    public IReadOnlyList<string> SignatureIssuers { get; init; } = [];

    /// <summary>Gets the pickle policy: the built-in allowlist plus <see cref="AllowedGlobals"/>.</summary>
    public PickleGlobalPolicy PickleGlobals { get; init; } = PickleGlobalPolicy.Default;

    /// <summary>Gets the per-file scan budget.</summary>
    public ScanBudget Budget { get; init; } = new();

    /// <summary>Gets the memory budget shared by the files of one gate run.</summary>
    public MemoryBudget Memory { get; init; } = new(new ScanBudget().MaxFileMemoryBytes, new ScanBudget().MaxTotalMemoryBytes);

    /// <summary>Gets the clock budgets are measured with (the gate's).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Returns these settings with the pickle policy told which modules are Python files of the repository at <paramref name="root"/>.</summary>
    public ModelScanSettings ForRepository(string root)
    {
        var modules = new RepositoryPythonModules(root);
        return this with { PickleGlobals = new PickleGlobalPolicy(PickleGlobals.ExtraAllowed, PickleGlobals.BlockUnknownGlobals, modules.Contains) };
    }

    /// <summary>Reads the settings from the gate's policy section.</summary>
    /// <exception cref="PolicyException"><c>unknown-globals</c> is neither <c>review</c> nor <c>block</c>.</exception>
    public static ModelScanSettings From(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var allowed = settings.GetMap("allowed-globals");
        var block = settings.GetString("unknown-globals") switch
        {
            null or "review" => false,
            "block" => true,
            var other => throw new PolicyException($"gates.model-scan.unknown-globals is '{other}': use `review` (the default) or `block`"),
        };
        var defaults = new ScanBudget();
        var budget = defaults with
        {
            PerFileTime = TimeSpan.FromSeconds(Positive(settings, "max-file-seconds", (long)defaults.PerFileTime.TotalSeconds)),
            PerFileRegexTime = TimeSpan.FromSeconds(Positive(settings, "max-regex-seconds", (long)defaults.PerFileRegexTime.TotalSeconds)),
            MaxDecompressedBytes = Positive(settings, "max-decompressed-mb", defaults.MaxDecompressedBytes / MiB) * MiB,
            MaxMemberDecompressedBytes = Positive(settings, "max-member-decompressed-mb", defaults.MaxMemberDecompressedBytes / MiB) * MiB,
            MaxCompressionRatio = Positive(settings, "max-compression-ratio", defaults.MaxCompressionRatio),
            MaxOpcodes = Positive(settings, "max-pickle-opcodes", defaults.MaxOpcodes),
            MaxStackDepth = (int)Positive(settings, "max-pickle-stack-depth", defaults.MaxStackDepth),
            MaxMemoEntries = (int)Positive(settings, "max-pickle-memo-entries", defaults.MaxMemoEntries),
            MaxPickleExpansion = Positive(settings, "max-pickle-expansion", defaults.MaxPickleExpansion),
            MaxArchiveDepth = (int)Positive(settings, "max-archive-depth", defaults.MaxArchiveDepth),
            MaxFileMemoryBytes = Positive(settings, "max-file-memory-mb", defaults.MaxFileMemoryBytes / MiB) * MiB,
            MaxTotalMemoryBytes = Positive(settings, "max-total-memory-mb", defaults.MaxTotalMemoryBytes / MiB) * MiB,
        };
        return new ModelScanSettings
        {
            AllowedGlobals = allowed,
            AllowedLicenses = [.. settings.GetList("allowed-licenses").Select(l => l.ToLowerInvariant())],
            LockFile = settings.GetString("lockfile"),
            RequireSignature = settings.GetBoolean("require-signature", false),
            SignaturePublicKeys = settings.GetList("signature-public-keys"),
            SignatureCaCertificates = settings.GetList("signature-ca-certificates"),
            SignatureSigstoreRoots = settings.GetList("signature-sigstore-roots"),
            SignatureIdentities = settings.GetList("signature-identities"),
            SignatureIssuers = settings.GetList("signature-oidc-issuers"),
            PickleGlobals = allowed.Count == 0 && !block ? PickleGlobalPolicy.Default : new PickleGlobalPolicy(allowed, block),
            Budget = budget,
            Memory = new MemoryBudget(budget.MaxFileMemoryBytes, budget.MaxTotalMemoryBytes),
        };
    }

    // Budgets are at least 1 and at most int.MaxValue (a larger value is a typo, not a budget).
    private static long Positive(GateSettings settings, string key, long fallback) =>
        Math.Clamp((long)settings.GetInteger(key, (int)Math.Min(fallback, int.MaxValue)), 1, int.MaxValue);
}
