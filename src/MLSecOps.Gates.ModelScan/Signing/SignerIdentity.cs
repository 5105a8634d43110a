using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>Who a certificate names: its e-mail and URI subject alternative names, common name and Sigstore (Fulcio) OIDC issuer.</summary>
/// <param name="Names">The e-mail addresses and URIs of the SAN extension, then the subject's common name.</param>
/// <param name="Issuer">The OIDC issuer of a Fulcio certificate, or null for an ordinary certificate.</param>
internal sealed record SignerIdentity(IReadOnlyList<string> Names, string? Issuer)
{
    private const string FulcioIssuerV2 = "1.3.6.1.4.1.57264.1.8";
    private const string FulcioIssuerV1 = "1.3.6.1.4.1.57264.1.1";

    /// <summary>Gets whether this is a Sigstore keyless (Fulcio) certificate.</summary>
    public bool IsSigstore => Issuer is not null;

    /// <summary>Gets the first name, for messages.</summary>
    public string Display => Names.Count > 0 ? Names[0] : "(no identity)";

    /// <summary>Reads the identity of a certificate.</summary>
    /// <param name="certificate">The leaf certificate.</param>
    /// <returns>The identity.</returns>
    public static SignerIdentity Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        string? issuer = null;
        foreach (var extension in certificate.Extensions)
        {
            try
            {
                switch (extension.Oid?.Value)
                {
                    case "2.5.29.17":
                        names.AddRange(AlternativeNames(extension.RawData));
                        break;
                    case FulcioIssuerV2:
                        issuer = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
                        break;
                    case FulcioIssuerV1:
                        issuer ??= Encoding.UTF8.GetString(extension.RawData);
                        break;
                }
            }
            catch (AsnContentException)
            {
                // A malformed extension names nobody; the identity check then fails closed.
            }
        }

        if (certificate.GetNameInfo(X509NameType.SimpleName, false) is { Length: > 0 } common && !names.Contains(common))
        {
            names.Add(common);
        }

        return new SignerIdentity(names, issuer);
    }

    /// <summary>Returns whether one of the names matches an allowed pattern (exact, or <c>*</c> for any run of characters).</summary>
    /// <param name="allowed">The allowed patterns.</param>
    /// <returns>The matching name, or null.</returns>
    public string? Matching(IReadOnlyList<string> allowed) =>
        Names.FirstOrDefault(name => allowed.Any(pattern => Matches(pattern, name)));

    /// <summary>Returns whether a value matches a pattern where <c>*</c> stands for any run of characters.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it matches.</returns>
    public static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static List<string> AlternativeNames(byte[] der)
    {
        var names = new List<string>();
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            // GeneralName: [1] rfc822Name and [6] uniformResourceIdentifier are IA5Strings; other kinds are skipped.
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
            {
                names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag.TagValue)));
            }
            else
            {
                sequence.ReadEncodedValue();
            }
        }

        return names;
    }
}
