using System.Numerics;
using System.Security.Cryptography;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>Ed25519 signature verification (RFC 8032, section 5.1.7) for model-signing keys.</summary>
/// <remarks>.NET has no Ed25519 and a crypto library for one verification would add 5 MB to every copy of the CLI; verifying
/// needs no secret, so plain <see cref="BigInteger"/> arithmetic (not constant time) is safe here.</remarks>
internal static class Ed25519Verifier
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point BasePoint = Decode(Base())!;

    /// <summary>Returns whether <paramref name="signature"/> is a valid signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    /// <param name="publicKey">The 32-byte encoded public key.</param>
    /// <param name="message">The signed bytes.</param>
    /// <param name="signature">The 64-byte signature.</param>
    /// <returns><see langword="true"/> only for a valid signature; malformed keys and signatures are invalid.</returns>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        var a = Decode(publicKey);
        var r = Decode(signature[..32]);
        var s = new BigInteger(signature[32..], isUnsigned: true);
        if (a is null || r is null || s >= L)
        {
            return false;
        }

        var hashed = new byte[64 + message.Length];
        signature[..32].CopyTo(hashed);
        publicKey.CopyTo(hashed.AsSpan(32));
        message.CopyTo(hashed.AsSpan(64));
        var k = new BigInteger(SHA512.HashData(hashed), isUnsigned: true) % L;
        return Equal(Multiply(BasePoint, s), Add(r, Multiply(a, k)));
    }

    private static byte[] Base()
    {
        // The base point's y is 4/5; its x is even.
        var bytes = Mod(4 * Inverse(5)).ToByteArray(isUnsigned: true);
        Array.Resize(ref bytes, 32);
        return bytes;
    }

    private static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.ToArray();
        var sign = bytes[31] >> 7;
        bytes[31] &= 0x7f;
        var y = new BigInteger(bytes, isUnsigned: true);
        if (y >= P)
        {
            return null;
        }

        var y2 = y * y % P;
        var x2 = Mod((y2 - 1) * Inverse(D * y2 + 1));
        if (x2.IsZero)
        {
            return sign == 1 ? null : new Point(0, y, 1, 0);
        }

        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod(x * x - x2) != 0)
        {
            x = x * SqrtMinusOne % P;
        }

        if (Mod(x * x - x2) != 0)
        {
            return null;
        }

        if ((int)(x & 1) != sign)
        {
            x = P - x;
        }

        return new Point(x, y, 1, x * y % P);
    }

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = (p.Y + p.X) * (q.Y + q.X) % P;
        var c = 2 * p.T * q.T % P * D % P;
        var d = 2 * p.Z * q.Z % P;
        var (e, f, g, h) = (Mod(b - a), Mod(d - c), (d + c) % P, (b + a) % P);
        return new Point(e * f % P, g * h % P, f * g % P, e * h % P);
    }

    private static Point Multiply(Point p, BigInteger scalar)
    {
        var result = new Point(0, 1, 1, 0);
        for (var bit = (int)scalar.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = Add(result, result);
            if (!(scalar >> bit & 1).IsZero)
            {
                result = Add(result, p);
            }
        }

        return result;
    }

    private static bool Equal(Point p, Point q) =>
        Mod(p.X * q.Z - q.X * p.Z).IsZero && Mod(p.Y * q.Z - q.Y * p.Z).IsZero;

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % P;
        return r.Sign < 0 ? r + P : r;
    }

    /// <summary>A point in extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z.</summary>
    private sealed record Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);
}
