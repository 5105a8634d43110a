namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Recognises zero padding after the last pickle stream: bytes that no loader can run.</summary>
internal static class TrailingPadding
{
    /// <summary>The most non-zero bytes allowed in front of the zeros; the resynchronising search has looked for a pickle at each of them.</summary>
    public const int MaxLeadingBytes = 256;

    /// <summary>Reads the rest of <paramref name="source"/> while it can still be padding.</summary>
    /// <returns>How many bytes come before the zeros (at most <see cref="MaxLeadingBytes"/>, printable ASCII without line breaks, so no
    /// protocol-0 opcode line) when at least one zero follows them and everything after them is zero; otherwise null.</returns>
    public static int? Measure(PickleByteSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        long offset = 0;
        var lastNonZero = -1L;
        while (!source.AtEnd())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var window = source.Peek(PickleByteSource.MaxSpan);
            var last = window.LastIndexOfAnyExcept((byte)0);
            if (last >= 0)
            {
                lastNonZero = offset + last;
                if (lastNonZero >= MaxLeadingBytes || window[..(last + 1)].ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
                {
                    return null;
                }
            }

            offset += window.Length;
            source.Skip(window.Length);
        }

        return offset > lastNonZero + 1 ? (int)(lastNonZero + 1) : null;
    }
}
