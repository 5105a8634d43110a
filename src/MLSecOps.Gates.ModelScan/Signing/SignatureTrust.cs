using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>What the policy trusts to sign models: public keys, CA certificates, and allowed certificate / Sigstore identities and issuers.</summary>
internal sealed class SignatureTrust
{
    /// <summary>Gets the trusted public keys.</summary>
    public IReadOnlyList<TrustedKey> Keys { get; init; } = [];

    /// <summary>Gets the trusted CA certificates of the certificate method (roots and intermediates).</summary>
    public X509Certificate2Collection Authorities { get; init; } = [];

    /// <summary>Gets the Sigstore Fulcio root (and intermediate) certificates keyless certificates must chain to.</summary>
    public X509Certificate2Collection SigstoreRoots { get; init; } = [];

    /// <summary>Gets the allowed signer identities (certificate e-mail, URI or common name; <c>*</c> wildcards).</summary>
    public IReadOnlyList<string> Identities { get; init; } = [];

    /// <summary>Gets the allowed Sigstore OIDC issuers; empty means any.</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [];

    /// <summary>Gets the configured files that could not be read, each with the reason.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Reads the key and certificate files the settings name (relative to the scanned folder, inside the repository).</summary>
    /// <param name="context">The gate context.</param>
    /// <param name="settings">The gate settings.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The trust; unreadable files are listed in <see cref="Problems"/>, never skipped silently.</returns>
    public static async Task<SignatureTrust> LoadAsync(GateContext context, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var keys = new List<TrustedKey>();
        foreach (var path in settings.SignaturePublicKeys)
        {
            if (await ReadAsync(context, path, problems, cancellationToken).ConfigureAwait(false) is { } pem)
            {
                try
                {
                    keys.Add(TrustedKey.FromPem(path, pem));
                }
                catch (FormatException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        return new SignatureTrust
        {
            Keys = keys,
            Authorities = await CertificatesAsync(context, settings.SignatureCaCertificates, problems, cancellationToken).ConfigureAwait(false),
            SigstoreRoots = await CertificatesAsync(context, settings.SignatureSigstoreRoots, problems, cancellationToken).ConfigureAwait(false),
            Identities = settings.SignatureIdentities,
            Issuers = settings.SignatureIssuers,
            Problems = problems,
        };
    }

    private static async Task<X509Certificate2Collection> CertificatesAsync(GateContext context, IReadOnlyList<string> paths, List<string> problems, CancellationToken cancellationToken)
    {
        var certificates = new X509Certificate2Collection();
        foreach (var path in paths)
        {
            if (await ReadAsync(context, path, problems, cancellationToken).ConfigureAwait(false) is { } pem)
            {
                try
                {
                    var before = certificates.Count;
                    certificates.ImportFromPem(pem);
                    if (certificates.Count == before)
                    {
                        problems.Add($"{path} holds no PEM certificate");
                    }
                }
                catch (CryptographicException ex)
                {
                    problems.Add($"{path} is not a PEM certificate file ({ex.Message})");
                }
            }
        }

        return certificates;
    }

    private static async Task<string?> ReadAsync(GateContext context, string path, List<string> problems, CancellationToken cancellationToken)
    {
        var full = context.ResolveInRepository(path.Replace('\\', '/').TrimStart('/'));
        if (full is null || !File.Exists(full) || new FileInfo(full).Length > 1024 * 1024)
        {
            problems.Add($"{path} does not exist in the repository (or is over 1 MiB)");
            return null;
        }

        return await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
    }
}
