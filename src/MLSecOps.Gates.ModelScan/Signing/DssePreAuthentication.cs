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
}
