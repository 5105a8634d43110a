using System.Security.Cryptography;

namespace MLSecOps.Reporting.Bom;

/// <summary>The BOM's <c>serialNumber</c>: an RFC 4122 name-based (version 5) UUID of the document's content, so identical
/// scans give identical BOMs and any change gives a new serial number.</summary>
internal static class BomSerialNumber
{
    // An arbitrary fixed namespace for MLSecOps BOMs (RFC 4122 section 4.3 asks for one per name space).
    private static readonly byte[] s_namespace = Guid.Parse("8d5e52a1-3c56-4f3c-9b0e-6f1d2a7c4e90").ToByteArray(bigEndian: true);

    /// <summary>Returns <c>urn:uuid:…</c> for the given content.</summary>
    public static string Of(ReadOnlySpan<byte> content)
    {
        var input = new byte[s_namespace.Length + content.Length];
        s_namespace.CopyTo(input, 0);
        content.CopyTo(input.AsSpan(s_namespace.Length));
#pragma warning disable CA5350 // RFC 4122 version 5 is defined over SHA-1; this is an identifier, not a security use.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}
