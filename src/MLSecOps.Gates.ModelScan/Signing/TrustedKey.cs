using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>A public key the policy trusts (<c>signature-public-keys</c>): ECDSA P-256/P-384/P-521 or Ed25519, from a PEM SubjectPublicKeyInfo.</summary>
internal sealed class TrustedKey
{
    private readonly byte[] _subjectPublicKeyInfo;

    private TrustedKey(string name, byte[] subjectPublicKeyInfo, string algorithm)
    {
        Name = name;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        Algorithm = algorithm;
        // model-signing's key hint: the hex SHA-256 of the key as PEM (64-character lines, trailing newline).
        Hint = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(new string(PemEncoding.Write("PUBLIC KEY", subjectPublicKeyInfo)) + "\n")));
    }

    /// <summary>Gets the name the policy gave it (its file path).</summary>
    public string Name { get; }

    /// <summary>Gets the algorithm, such as <c>ECDSA P-256</c> or <c>Ed25519</c>.</summary>
    public string Algorithm { get; }

    /// <summary>Gets the model-signing key hint of this key.</summary>
    public string Hint { get; }

    /// <summary>Reads a PEM public key.</summary>
    /// <param name="name">Its name in findings.</param>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text is not an ECDSA or Ed25519 public key.</exception>
    public static TrustedKey FromPem(string name, string pem)
    {
        byte[] spki;
        try
        {
            var fields = PemEncoding.Find(pem);
            spki = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{name} is not a PEM public key", ex);
        }

        return new TrustedKey(name, spki, AlgorithmOf(name, spki));
    }

    /// <summary>Returns whether another PEM public key is this one.</summary>
    /// <param name="pem">The other key.</param>
    /// <returns><see langword="true"/> when the keys are equal.</returns>
    public bool Is(string pem)
    {
        try
        {
            return FromPem(Name, pem)._subjectPublicKeyInfo.AsSpan().SequenceEqual(_subjectPublicKeyInfo);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Verifies a DSSE signature over a payload (its pre-authentication encoding).</summary>
    /// <param name="subjectPublicKeyInfo">The key.</param>
    /// <param name="payloadType">The payload type.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>Whether the signature is valid.</returns>
    /// <remarks>A model_signing v0.2.0 statement (<c>Digests/v0.1</c>) is also tried with that release's encoding and its fixed SHA-256, as
    /// model_signing itself still verifies them.</remarks>
    public static bool VerifyEnvelope(byte[] subjectPublicKeyInfo, string payloadType, byte[] payload, byte[] signature) =>
        VerifyWith(subjectPublicKeyInfo, DssePreAuthentication.Encode(payloadType, payload), signature)
        || (SignedManifest.IsVersion02(payload) && VerifyVersion02(subjectPublicKeyInfo, DssePreAuthentication.EncodeVersion02(payloadType, payload), signature));

    /// <summary>Verifies a DSSE signature over a payload with this key.</summary>
    /// <param name="payloadType">The payload type.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>Whether the signature is valid.</returns>
    public bool VerifyEnvelope(string payloadType, byte[] payload, byte[] signature) => VerifyEnvelope(_subjectPublicKeyInfo, payloadType, payload, signature);

    /// <summary>Verifies a signature with the key of a SubjectPublicKeyInfo (a certificate's).</summary>
    /// <param name="subjectPublicKeyInfo">The key.</param>
    /// <param name="message">The signed bytes.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>Whether the signature is valid; false for key types model-signing does not use.</returns>
    public static bool VerifyWith(byte[] subjectPublicKeyInfo, byte[] message, byte[] signature)
    {
        if (Ed25519Key(subjectPublicKeyInfo) is { } ed25519)
        {
            return Ed25519Verifier.Verify(ed25519, message, signature);
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        var hash = ecdsa.KeySize switch { <= 256 => HashAlgorithmName.SHA256, <= 384 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        return ecdsa.VerifyData(message, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Verifies an ECDSA signature made by model_signing v0.2.0, which hashed with SHA-256 whatever the curve.</summary>
    private static bool VerifyVersion02(byte[] subjectPublicKeyInfo, byte[] message, byte[] signature)
    {
        if (Ed25519Key(subjectPublicKeyInfo) is not null)
        {
            return false;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static string AlgorithmOf(string name, byte[] spki)
    {
        try
        {
            if (Ed25519Key(spki) is not null)
            {
                return "Ed25519";
            }

            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            return $"ECDSA P-{ecdsa.KeySize}";
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or AsnContentException)
        {
            throw new FormatException($"{name} is not an ECDSA or Ed25519 public key", ex);
        }
    }

    /// <summary>Returns the 32-byte key of an Ed25519 SubjectPublicKeyInfo (RFC 8410), or null for any other key.</summary>
    private static byte[]? Ed25519Key(byte[] spki)
    {
        try
        {
            var info = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            var algorithm = info.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != "1.3.101.112" || algorithm.HasData)
            {
                return null;
            }

            var key = info.ReadBitString(out var unusedBits);
            return unusedBits == 0 && key.Length == 32 && !info.HasData ? key : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
