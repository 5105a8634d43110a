using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>
/// One bit per character of a text, set where a personal-data scan starts: an ASCII digit or an <c>@</c>. Marked once per batch of
/// rows with wide compares; finding the next trigger of a row is then a bit scan. The bench text has a digit every few words, and a
/// vectorised search per digit cost more in its set-up than in its search (8 % of a CSV pass).
/// </summary>
internal sealed class TriggerMarks
{
    private ulong[] _bits = new ulong[1 << 11];
    private int _length;

    /// <summary>Marks the triggers of <paramref name="text"/>, replacing what was marked before.</summary>
    public void Mark(ReadOnlySpan<char> text)
    {
        var words = (text.Length + 63) >> 6;
        if (_bits.Length < words)
        {
            _bits = new ulong[Math.Max(words, _bits.Length * 2)];
        }

        _length = text.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<char, ushort>(text));
            var zero = Vector256.Create((ushort)'0');
            var nine = Vector256.Create((ushort)9);
            var at = Vector256.Create((ushort)'@');
            for (; i + 64 <= text.Length; i += 64)
            {
                ulong word = 0;
                for (var k = 0; k < 64; k += 16)
                {
                    var v = Vector256.LoadUnsafe(ref start, (nuint)(i + k));
                    var hit = Vector256.LessThanOrEqual(v - zero, nine) | Vector256.Equals(v, at);
                    word |= (ulong)hit.ExtractMostSignificantBits() << k;
                }

                _bits[i >> 6] = word;
            }
        }

        for (; i < text.Length; i += 64)
        {
            ulong word = 0;
            var end = Math.Min(64, text.Length - i);
            for (var k = 0; k < end; k++)
            {
                var c = text[i + k];
                if (char.IsAsciiDigit(c) || c == '@')
                {
                    word |= 1UL << k;
                }
            }

            _bits[i >> 6] = word;
        }
    }

    /// <summary>Returns the first marked position at or after <paramref name="from"/> and before <paramref name="end"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int from, int end)
    {
        end = Math.Min(end, _length);
        if (from >= end)
        {
            return -1;
        }

        var w = from >> 6;
        var bits = _bits[w] & (ulong.MaxValue << (from & 63));
        while (bits == 0)
        {
            w++;
            if (w << 6 >= end)
            {
                return -1;
            }

            bits = _bits[w];
        }

        var p = (w << 6) + BitOperations.TrailingZeroCount(bits);
        return p < end ? p : -1;
    }
}
