using System.Buffers.Text;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Decodes strings that look like base64 or hex, so payloads hidden in them can be scanned (bounded: the caller caps the length).</summary>
internal static class EncodedText
{
    /// <summary>The shortest string worth decoding: shorter ones cannot hold a pickle that names a global.</summary>
    public const int MinLength = 24;

    /// <summary>Decodes <paramref name="text"/> (ASCII bytes) as hex or base64 (standard or URL-safe, padded or not).</summary>
    /// <returns>The encoding's name and the decoded bytes, or null when the text is neither.</returns>
    public static (string Encoding, byte[] Bytes)? Decode(ReadOnlySpan<byte> text)
    {
        text = text.Trim((byte)'\n');
        if (text.Length < MinLength)
        {
            return null;
        }

        if (text.Length % 2 == 0 && !text.ContainsAnyExcept(HexDigits))
        {
            return ("hex", Convert.FromHexString(System.Text.Encoding.ASCII.GetString(text)));
        }

        if (text.ContainsAnyExcept(Base64Characters))
        {
            return null;
        }

        var standard = text.ToArray();
        for (var i = 0; i < standard.Length; i++)
        {
            standard[i] = standard[i] switch { (byte)'-' => (byte)'+', (byte)'_' => (byte)'/', var b => b };
        }

        var unpadded = standard.AsSpan().TrimEnd((byte)'=').Length;
        var padded = new byte[(unpadded + 3) / 4 * 4];
        standard.AsSpan(0, unpadded).CopyTo(padded);
        padded.AsSpan(unpadded).Fill((byte)'=');
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        return Base64.DecodeFromUtf8(padded, decoded, out _, out var written) == System.Buffers.OperationStatus.Done
            ? ("base64", decoded[..written])
            : null;
    }

    private static readonly System.Buffers.SearchValues<byte> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);

    private static readonly System.Buffers.SearchValues<byte> Base64Characters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_="u8);
}
