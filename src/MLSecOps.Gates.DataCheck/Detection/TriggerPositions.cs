using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>
/// The positions of the personal-data triggers of one text (ASCII digits and <c>@</c>) as a bitmap built with a few vector compares,
/// so that the scan steps from trigger to trigger with a bit count instead of a vectorised search per step: rows hold several short
/// numbers each (ids, dates, versions), and the set-up of each search cost more than the search.
/// </summary>
internal sealed class TriggerPositions
{
    private ulong[] _words = new ulong[64];
    private int _length;

    /// <summary>Builds the bitmap of <paramref name="text"/>.</summary>
    public void Build(ReadOnlySpan<char> text)
    {
        _length = text.Length;
        var count = (text.Length + 63) >> 6;
        if (_words.Length < count)
        {
            _words = new ulong[Math.Max(count, _words.Length * 2)];
        }

        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var w = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var zero = Vector256.Create((ushort)'0');
            var ten = Vector256.Create((ushort)10);
            var at = Vector256.Create((ushort)'@');
            for (; i + 64 <= chars.Length; i += 64, w++)
            {
                ulong word = 0;
                for (var k = 0; k < 4; k++)
                {
                    var v = Vector256.Create(chars.Slice(i + (k * 16), 16));
                    var hits = Vector256.LessThan(v - zero, ten) | Vector256.Equals(v, at);
                    word |= (ulong)hits.ExtractMostSignificantBits() << (k * 16);
                }

                _words[w] = word;
            }
        }

        // The tail (and every block without vectors), one character at a time.
        for (; i < chars.Length; i += 64, w++)
        {
            ulong word = 0;
            var end = Math.Min(i + 64, chars.Length);
            for (var j = i; j < end; j++)
            {
                var c = chars[j];
                if ((uint)(c - '0') < 10 || c == '@')
                {
                    word |= 1UL << (j - i);
                }
            }

            _words[w] = word;
        }
    }

    /// <summary>Returns the first trigger at or after <paramref name="from"/>, or -1.</summary>
    public int Next(int from)
    {
        if (from >= _length)
        {
            return -1;
        }

        var w = from >> 6;
        var bits = _words[w] & (ulong.MaxValue << (from & 63));
        var count = (_length + 63) >> 6;
        while (bits == 0)
        {
            if (++w >= count)
            {
                return -1;
            }

            bits = _words[w];
        }

        return (w << 6) + BitOperations.TrailingZeroCount(bits);
    }
}
