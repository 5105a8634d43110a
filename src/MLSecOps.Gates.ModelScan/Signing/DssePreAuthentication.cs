using System.Globalization;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>The DSSE pre-authentication encoding, the bytes a DSSE signature is over: <c>DSSEv1 len(type) type len(body) body</c>.</summary>
internal static class DssePreAuthentication
{
    /// <summary>Encodes a payload for signing or verification.</summary>
    /// <param name="payloadType">The payload type.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] Encode(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} {payloadType} {payload.Length} "));
        return [.. head, .. payload];
    }

    /// <summary>
    /// Encodes a payload the way model_signing v0.2.0 did (kept by model_signing's <c>pae_compat</c> for verifying old signatures):
    /// <c>DSSEV1 len(type) type len(body) b'body'</c>, the body written as Python's <c>repr</c> of bytes, because that release formatted
    /// the raw bytes into a string.
    /// </summary>
    /// <param name="payloadType">The payload type.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] EncodeVersion02(string payloadType, byte[] payload)
    {
        var text = new StringBuilder(payload.Length + 64);
        text.Append(CultureInfo.InvariantCulture, $"DSSEV1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} ");
        AppendPythonBytesRepr(text, payload);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Appends <c>repr(bytes)</c> as CPython writes it: single quotes unless the bytes hold a single quote and no double quote.</summary>
    private static void AppendPythonBytesRepr(StringBuilder text, byte[] bytes)
    {
        var quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        text.Append('b').Append(quote);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                _ when b == quote || b == '\\' => text.Append('\\').Append((char)b),
                (byte)'\t' => text.Append("\\t"),
                (byte)'\n' => text.Append("\\n"),
                (byte)'\r' => text.Append("\\r"),
                < 0x20 or >= 0x7f => text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
                _ => text.Append((char)b),
            };
        }

        text.Append(quote);
    }
}
