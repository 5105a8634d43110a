using System.Globalization;
using System.Runtime.CompilerServices;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>What the page decoders of one Parquet file may read (decompressed page bytes, the `max-bytes` budget) and hold at once.</summary>
/// <param name="maxBytes">The `max-bytes` budget of the file.</param>
internal sealed class ParquetReadBudget(long maxBytes)
{
    /// <summary>The largest page (compressed or not) or dictionary a column may hold.</summary>
    public const int MaxPageBytes = 128 * 1024 * 1024;

    /// <summary>The most the buffers of all open columns may hold together.</summary>
    public const long MaxHeldBytes = 512L * 1024 * 1024;

    /// <summary>The longest page header (statistics included) that is read.</summary>
    public const int MaxHeaderBytes = 16 * 1024 * 1024;

    private long _held;

    /// <summary>Gets the decompressed page bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Counts <paramref name="bytes"/> of decompressed pages against `max-bytes`.</summary>
    public void Read(int bytes)
    {
        BytesRead += bytes;
        if (BytesRead > maxBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the pages hold more than `max-bytes` ({maxBytes >> 20} MiB) once decompressed; reading stopped at {BytesRead - bytes:N0} bytes"));
        }
    }

    /// <summary>Grows <paramref name="buffer"/> to at least <paramref name="size"/> (keeping its content if <paramref name="keep"/>), counting it against what may be held at once.</summary>
    public T[] Grow<T>(T[] buffer, long size, string what, bool keep = false)
    {
        if (size > MaxPageBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{what} declares {size:N0} bytes, more than the {MaxPageBytes >> 20} MiB a page may hold"));
        }

        if (buffer.Length >= size)
        {
            return buffer;
        }

        var length = Math.Max(size, Math.Min(MaxPageBytes, (long)buffer.Length * 2));
        Hold((length - buffer.Length) * Unsafe.SizeOf<T>());

        // Every reader writes a buffer before it reads it (sizes are checked), so only a DELTA_BYTE_ARRAY value, which grows
        // from the prefix of the one before it, keeps its content; the rest need neither zeroing nor copying.
        var grown = GC.AllocateUninitializedArray<T>((int)length);
        if (keep)
        {
            buffer.CopyTo(grown, 0);
        }

        return grown;
    }

    /// <summary>Gives back what <paramref name="buffer"/> held.</summary>
    public void Release<T>(T[] buffer) => _held -= (long)buffer.Length * Unsafe.SizeOf<T>();

    private void Hold(long bytes)
    {
        _held += bytes;
        if (_held > MaxHeldBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the open columns' pages and dictionaries would hold more than {MaxHeldBytes >> 20} MiB at once"));
        }
    }
}
