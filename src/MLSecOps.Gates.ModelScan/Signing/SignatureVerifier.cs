using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>Verifies the signature of a <c>model.sig</c> bundle against the policy's trust: key (hint or embedded key), certificate
/// chain to a configured CA, or a Sigstore keyless certificate (identity, issuer, and a Fulcio root when configured).</summary>
/// <param name="trust">What the policy trusts.</param>
/// <param name="now">The verification time.</param>
internal sealed class SignatureVerifier(SignatureTrust trust, DateTimeOffset now)
{
    /// <summary>Verifies the bundle's signature (not the files: see <see cref="ModelSignatureCheck"/>).</summary>
    /// <param name="path">The repository-relative path of <c>model.sig</c>, where findings point.</param>
    /// <param name="bundle">The parsed bundle.</param>
    /// <returns>The findings; <c>Invalid</c> is true when the signature is proven not to hold.</returns>
    public (IReadOnlyList<Finding> Findings, bool Invalid) Verify(string path, SignatureBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.PayloadType != SignedManifest.PayloadType)
        {
            return ([Invalid(path, $"the envelope's payload type is `{bundle.PayloadType}`, not an in-toto statement")], true);
        }

        return bundle.Certificates.Count == 0 ? VerifyKey(path, bundle) : VerifyCertificate(path, bundle);
    }

    private (IReadOnlyList<Finding>, bool) VerifyKey(string path, SignatureBundle bundle)
    {
        if (trust.Keys.Count == 0)
        {
            return ([SignerNotAllowed.Create(path, null, "The model is signed with a key, but the policy lists no `signature-public-keys`, so the signer cannot be checked.", "no-keys", bundle.PublicKeyHint)], false);
        }

        var candidates = bundle.PublicKeyHint is { } hint ? [.. trust.Keys.Where(k => k.Hint == hint)]
            : bundle.EmbeddedPublicKey is { } embedded ? [.. trust.Keys.Where(k => k.Is(embedded))]
            : trust.Keys;
        if (candidates.Count == 0)
        {
            return ([SignerNotAllowed.Create(path, null, $"The model is signed by a key that is not one of the {trust.Keys.Count} configured `signature-public-keys`.", "other-key", bundle.PublicKeyHint is { } h ? $"key hint {h}" : "embedded key")], false);
        }

        return candidates.FirstOrDefault(k => k.VerifyEnvelope(bundle.PayloadType, bundle.Payload, bundle.Signature)) is not null
            ? ([], false)
            : ([Invalid(path, $"the DSSE signature does not verify with {(candidates.Count == 1 ? $"the configured key {candidates[0].Name} ({candidates[0].Algorithm})" : $"any of the {candidates.Count} configured keys")}")], true);
    }

    private (IReadOnlyList<Finding>, bool) VerifyCertificate(string path, SignatureBundle bundle)
    {
        var leaf = bundle.Certificates[0];
        var identity = SignerIdentity.Of(leaf);
        if (!TrustedKey.VerifyEnvelope(leaf.PublicKey.ExportSubjectPublicKeyInfo(), bundle.PayloadType, bundle.Payload, bundle.Signature))
        {
            return ([Invalid(path, $"the DSSE signature does not verify with the key of the signing certificate ({identity.Display})")], true);
        }

        return identity.IsSigstore ? VerifyKeyless(path, bundle, identity) : VerifyChain(path, bundle, identity);
    }

    private (IReadOnlyList<Finding>, bool) VerifyChain(string path, SignatureBundle bundle, SignerIdentity identity)
    {
        if (trust.Authorities.Count == 0)
        {
            return ([SignerNotAllowed.Create(path, null, $"The model is signed with a certificate ({identity.Display}), but the policy lists no `signature-ca-certificates` to check it against.", "no-ca", identity.Display)], false);
        }

        var findings = new List<Finding>();
        switch (BuildChain(bundle, trust.Authorities, now))
        {
            case ChainOutcome.TimeInvalid:
                var leaf = bundle.Certificates[0];
                findings.Add(SigningCertificateExpired.Create(path, null, string.Create(CultureInfo.InvariantCulture, $"The signing certificate of {identity.Display} (or its chain) is valid from {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd} to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd}, not at {now:yyyy-MM-dd}."), "expired", identity.Display));
                break;
            case ChainOutcome.Untrusted reason:
                return ([Invalid(path, $"the signing certificate of {identity.Display} does not chain to a configured CA ({reason.Status})")], true);
        }

        if (trust.Identities.Count > 0 && identity.Matching(trust.Identities) is null)
        {
            findings.Add(NotAllowed(path, identity));
        }

        return (findings, false);
    }

    private (IReadOnlyList<Finding>, bool) VerifyKeyless(string path, SignatureBundle bundle, SignerIdentity identity)
    {
        var findings = new List<Finding>();
        if (trust.Identities.Count == 0)
        {
            findings.Add(SignerNotAllowed.Create(path, null, $"The model has a Sigstore keyless signature by {identity.Display}, but the policy lists no `signature-identities`: any Sigstore user can produce one.", "no-identities", identity.Display));
        }
        else if (identity.Matching(trust.Identities) is null)
        {
            findings.Add(NotAllowed(path, identity));
        }

        if (trust.Issuers.Count > 0 && !trust.Issuers.Any(i => SignerIdentity.Matches(i, identity.Issuer!)))
        {
            findings.Add(SignerNotAllowed.Create(path, null, $"The Sigstore certificate was issued for the OIDC issuer {identity.Issuer}, which is not in `signature-oidc-issuers`.", "issuer|" + identity.Issuer, identity.Issuer));
        }

        var chainChecked = false;
        if (trust.SigstoreRoots.Count > 0)
        {
            // A Fulcio certificate lives ten minutes: it is checked at the log's integration time, which the bundle claims but no log confirmed here.
            switch (BuildChain(bundle, trust.SigstoreRoots, bundle.LogIntegratedTime))
            {
                case ChainOutcome.TimeInvalid:
                    findings.Add(SigningCertificateExpired.Create(path, null, $"The Sigstore certificate of {identity.Display} was not valid at the transparency log's integration time.", "expired", identity.Display));
                    break;
                case ChainOutcome.Untrusted reason:
                    return ([.. findings, Invalid(path, $"the Sigstore certificate of {identity.Display} does not chain to a configured Fulcio root ({reason.Status})")], true);
                default:
                    chainChecked = true;
                    break;
            }
        }

        var verified = "the DSSE envelope signature with the certificate's key, every file digest, and the identity in the certificate"
            + (chainChecked ? " and its chain to the configured Fulcio root" + (bundle.LogIntegratedTime is null ? " (time not checked: no log entry)" : " at the log's integration time") : "");
        var notVerified = "the transparency-log entry (Rekor inclusion proof, signed entry timestamp: no network)"
            + (chainChecked ? "" : ", and the certificate chain (no Fulcio root in `signature-sigstore-roots`), so the identity is only claimed");
        findings.Add(SignatureNotFullyVerified.Create(path, null, $"Sigstore keyless signature by {identity.Display} (issuer {identity.Issuer}). Verified: {verified}. Not verified: {notVerified}.", "keyless", identity.Display)
            with { Severity = chainChecked ? Severity.Info : Severity.Medium });
        return (findings, false);
    }

    private static ChainOutcome BuildChain(SignatureBundle bundle, X509Certificate2Collection authorities, DateTimeOffset? at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var authority in authorities)
        {
            (authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(authority);
        }

        chain.ChainPolicy.ExtraStore.AddRange(bundle.Certificates.Skip(1).ToArray());
        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        }
        else
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        }

        if (chain.Build(bundle.Certificates[0]))
        {
            return new ChainOutcome.Trusted();
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).ToList();
        return statuses.Count > 0 && statuses.All(s => s is X509ChainStatusFlags.NotTimeValid or X509ChainStatusFlags.NotTimeNested)
            ? new ChainOutcome.TimeInvalid()
            : new ChainOutcome.Untrusted(string.Join(", ", statuses.Distinct()));
    }

    private static Finding NotAllowed(string path, SignerIdentity identity) =>
        SignerNotAllowed.Create(path, null, $"The model is signed by {identity.Display}, which matches none of the `signature-identities`.", "identity|" + identity.Display, identity.Display);

    private static Finding Invalid(string path, string reason) =>
        ModelSignatureInvalid.Create(path, null, $"The model signature is invalid: {reason}.", "invalid|" + reason);

    private abstract record ChainOutcome
    {
        public sealed record Trusted : ChainOutcome;

        public sealed record TimeInvalid : ChainOutcome;

        public sealed record Untrusted(string Status) : ChainOutcome;
    }
}
