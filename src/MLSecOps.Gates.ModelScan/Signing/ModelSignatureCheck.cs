using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Formats.Locking;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>Checks every OpenSSF model-signing <c>model.sig</c> among the gate's files (MOD091-MOD096) and, when the policy requires
/// signatures, that every model folder has one (MOD090).</summary>
internal static class ModelSignatureCheck
{
    /// <summary>The file name model-signing writes.</summary>
    public const string SignatureFileName = "model.sig";

    private const int MaxFolderEntries = 200_000;

    /// <summary>Runs the check.</summary>
    /// <param name="context">The gate context.</param>
    /// <param name="settings">The gate settings.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The findings.</returns>
    public static async Task<IReadOnlyList<Finding>> RunAsync(GateContext context, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var signatures = context.Files.Where(f => Path.GetFileName(f.RelativePath) == SignatureFileName).ToList();
        var findings = new List<Finding>();
        if (settings.RequireSignature)
        {
            findings.AddRange(Unsigned(context, signatures));
        }

        if (signatures.Count == 0)
        {
            return findings;
        }

        var trust = await SignatureTrust.LoadAsync(context, settings, cancellationToken).ConfigureAwait(false);
        var verifier = new SignatureVerifier(trust, context.TimeProvider.GetUtcNow());
        foreach (var signature in signatures)
        {
            foreach (var problem in trust.Problems)
            {
                findings.Add(IncompleteScan.Create(signature.RelativePath, null, $"a signature trust file of the policy cannot be used ({problem}), so signers were checked without it"));
            }

            findings.AddRange(await VerifyAsync(signature, verifier, cancellationToken).ConfigureAwait(false));
        }

        return findings;
    }

    private static async Task<IReadOnlyList<Finding>> VerifyAsync(ScanFile signature, SignatureVerifier verifier, CancellationToken cancellationToken)
    {
        SignatureBundle bundle;
        SignedManifest manifest;
        try
        {
            if (signature.Length > SignatureBundle.MaxBytes)
            {
                throw new FormatException($"it is larger than {SignatureBundle.MaxBytes >> 20} MiB");
            }

            bundle = SignatureBundle.Parse(await File.ReadAllBytesAsync(signature.FullPath, cancellationToken).ConfigureAwait(false));
            manifest = SignedManifest.Parse(bundle.Payload);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return [ModelSignatureInvalid.Create(signature.RelativePath, null, $"The model signature cannot be read: {ex.Message}.", "malformed")];
        }

        var (findings, invalid) = verifier.Verify(signature.RelativePath, bundle);
        // A signature that does not hold vouches for nothing: comparing files with its manifest would only add noise.
        return invalid ? findings : [.. findings, .. await CompareFilesAsync(signature, manifest, cancellationToken).ConfigureAwait(false)];
    }

    private static async Task<IReadOnlyList<Finding>> CompareFilesAsync(ScanFile signature, SignedManifest manifest, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(signature.FullPath)!;
        var prefix = ModelFileNames.FolderOf(signature.RelativePath) is { Length: > 0 } f ? f + "/" : "";
        var singleFile = manifest.Files.Count == 1 && manifest.Files.ContainsKey(".") && SignedManifest.IsPlainName(manifest.ModelName);
        if (singleFile)
        {
            // A single-file model: the manifest's one resource is ".", and the subject names the file; other files are not covered.
            manifest = manifest with { Files = new Dictionary<string, string>(StringComparer.Ordinal) { [manifest.ModelName] = manifest.Files["."] } };
        }

        var (present, complete) = singleFile
            ? (File.Exists(Path.Combine(folder, manifest.ModelName)) ? [manifest.ModelName] : new HashSet<string>(StringComparer.Ordinal), true)
            : FilesUnder(folder, manifest.IgnoredPaths);
        var findings = new List<Finding>();
        if (!complete)
        {
            findings.Add(IncompleteScan.Create(signature.RelativePath, null, $"the signed folder holds more than {MaxFolderEntries:N0} entries; files past that were not compared with the signature"));
        }

        foreach (var (name, expected) in manifest.Files.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!present.Remove(name))
            {
                findings.Add(SignedFileChanged.Create(signature.RelativePath, name, $"The signed file `{name}` is missing from the model folder.", "missing|" + name, name));
                continue;
            }

            var digest = await FileDigest.OfAsync(Path.Combine(folder, name), cancellationToken).ConfigureAwait(false);
            if (digest.Sha256 != expected)
            {
                findings.Add(SignedFileChanged.Create(prefix + name, null, "The file's SHA-256 differs from the one in the signed manifest: it changed after signing.", "changed", $"signed {expected}, found {digest.Sha256}"));
            }
        }

        findings.AddRange(present.Order(StringComparer.Ordinal).Select(name =>
            FileAddedAfterSigning.Create(prefix + name, null, $"The file is in a signed model folder but not in the signature ({prefix}{SignatureFileName}).", "added", name)));
        return findings;
    }

    /// <summary>Lists the files under a signed folder as model-signing does: relative paths, ignored paths left out, links listed but not followed.</summary>
    private static (HashSet<string> Files, bool Complete) FilesUnder(string folder, IReadOnlyList<string> ignored)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([folder]);
        var entries = 0;
        while (pending.TryPop(out var current))
        {
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                if (++entries > MaxFolderEntries)
                {
                    return (files, false);
                }

                var relative = Path.GetRelativePath(folder, entry.FullName).Replace('\\', '/');
                if (ignored.Any(i => relative == i || relative.StartsWith(i + "/", StringComparison.Ordinal)))
                {
                    continue;
                }

                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    pending.Push(entry.FullName);
                }
                else
                {
                    files.Add(relative);
                }
            }
        }

        return (files, true);
    }

    /// <summary>MOD090: the model folders (folders holding files named as models) with no <c>model.sig</c> in them or above them.</summary>
    private static IEnumerable<Finding> Unsigned(GateContext context, IReadOnlyList<ScanFile> signatures)
    {
        var signed = signatures.Select(s => ModelFileNames.FolderOf(s.RelativePath)).ToList();
        return context.Files
            .Where(f => ModelFileNames.IsModelName(Path.GetFileName(f.RelativePath).ToLowerInvariant()))
            .GroupBy(f => ModelFileNames.FolderOf(f.RelativePath), StringComparer.Ordinal)
            .Where(g => !signed.Any(s => s.Length == 0 || g.Key == s || g.Key.StartsWith(s + "/", StringComparison.Ordinal)))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ModelSignatureMissing.Create(
                g.Select(f => f.RelativePath).Order(StringComparer.Ordinal).First(), null, $"The policy requires signed models, and `{(g.Key.Length == 0 ? "." : g.Key)}` has no {SignatureFileName}.", "unsigned|" + g.Key));
    }
}
