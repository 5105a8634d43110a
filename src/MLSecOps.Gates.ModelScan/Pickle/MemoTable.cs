using System.Numerics;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// The unpickler memo: dense slots in fixed-size pages (growth never copies, so memory is one reference per slot),
/// sparse ones in a dictionary; retains literals only within a budget. A page whose slots hold only shared markers (dropped
/// literals, memoized containers, None) is a byte per slot until it needs a reference. Beside each page, the expanded size of what
/// each slot holds (for the expansion estimate; stored minus one), allocated only once a slot holds more than one container.
/// </summary>
internal sealed class MemoTable(int maxEntries, long maxRetainedText)
{
    private const int DenseLimit = 1 << 26;
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;
    private const int FirstPageSize = 64;

    // Pages of 4096 slots (32 KB) stay off the large-object heap; the directory grows with the memo. The first page starts
    // at 64 slots and doubles, so a small pickle does not pay for a whole page.
    private readonly List<PickleSlot[]?> _pages = [];
    private readonly List<byte[]?> _codes = [];
    private readonly List<float[]?> _sizes = [];
    private Dictionary<long, PickleValue>? _sparse;
    private Dictionary<long, double>? _sparseSizes;
    private long _retained;
    private long _end;

    private static readonly PickleValue?[] Palette =
    [
        null, TextValue.DroppedText, TextValue.DroppedBytes, PickleValue.Unknown, PickleValue.None, PickleValue.Opaque,
        MemoizedContainer.Of(ContainerKind.List), MemoizedContainer.Of(ContainerKind.Dict), MemoizedContainer.Of(ContainerKind.Set),
        MemoizedContainer.Of(ContainerKind.FrozenSet),
    ];

    /// <summary>Gets the number of distinct slots set (CPython's memo length, the next MEMOIZE slot).</summary>
    public int Count { get; private set; }

    /// <summary>Gets whether the set slots are exactly 0 to <see cref="Count"/> - 1, so every slot from <see cref="Count"/> on is empty.</summary>
    public bool Contiguous => _end == Count;

    /// <summary>Gets how many times a set slot was written again or a slot's size grown: while it stays the same, a slot once read holds
    /// the same value and size.</summary>
    public long Version { get; private set; }

    /// <summary>Gets whether literals had to be dropped because the retention budget ran out.</summary>
    public bool Degraded { get; private set; }

    /// <summary>Stores <paramref name="value"/> in slot <paramref name="index"/>.</summary>
    /// <returns>False when the entry budget is exceeded.</returns>
    public bool Put(long index, PickleValue value)
    {
        var size = value.Size;
        if (value is ContainerValue container)
        {
            container.Attach(this, index);
        }

        return Store(index, Retain(value.ForMemo()), size);
    }

    /// <summary>Stores <paramref name="kept"/>, already retained (see <see cref="Retains"/>), in slot <paramref name="index"/>, with the
    /// expanded size <paramref name="size"/> of the value it stands for.</summary>
    /// <returns>False when the entry budget is exceeded.</returns>
    public bool Store(long index, PickleValue kept, double size)
    {
        _end = Math.Max(_end, index + 1);
        if (index < DenseLimit)
        {
            var pageIndex = (int)(index >> PageBits);
            var offset = (int)(index & PageMask);
            var code = CodeOf(kept);
            bool empty;
            int length;
            if (code > 0 && (pageIndex >= _pages.Count || _pages[pageIndex] is null))
            {
                var codes = CodePage(pageIndex, offset);
                empty = codes[offset] == 0;
                codes[offset] = (byte)code;
                length = codes.Length;
            }
            else
            {
                var page = Page(pageIndex, offset);
                ref var slot = ref page[offset].Value;
                empty = slot is null;
                slot = kept;
                length = page.Length;
            }

            if (empty)
            {
                Count++;
            }
            else
            {
                Version++;
            }

            if (size > 1 || (pageIndex < _sizes.Count && _sizes[pageIndex] is not null))
            {
                SizePage(pageIndex, length)[offset] = (float)(size - 1);
            }
        }
        else
        {
            _sparse ??= [];
            if (_sparse.TryAdd(index, kept))
            {
                Count++;
            }
            else
            {
                _sparse[index] = kept;
                Version++;
            }

            (_sparseSizes ??= [])[index] = size;
        }

        return Count <= maxEntries;
    }

    /// <summary>Reads slot <paramref name="index"/>, or null when it was never set.</summary>
    public PickleValue? Get(long index)
    {
        if (index < 0)
        {
            return null;
        }

        if (index >= DenseLimit)
        {
            return _sparse is not null && _sparse.TryGetValue(index, out var value) ? value : null;
        }

        var pageIndex = (int)(index >> PageBits);
        var offset = (int)(index & PageMask);
        if (pageIndex < _pages.Count && _pages[pageIndex] is { } page)
        {
            return offset < page.Length ? page[offset].Value : null;
        }

        return pageIndex < _codes.Count && _codes[pageIndex] is { } codes && offset < codes.Length ? Palette[codes[offset]] : null;
    }

    /// <summary>Returns the expanded size of what slot <paramref name="index"/> holds (1, one container, when it was never sized).</summary>
    public double SizeAt(long index)
    {
        if (index >= DenseLimit)
        {
            return _sparseSizes is not null && _sparseSizes.TryGetValue(index, out var sparse) ? sparse : 1;
        }

        var pageIndex = (int)(index >> PageBits);
        var offset = (int)(index & PageMask);
        return 1 + (pageIndex < _sizes.Count && _sizes[pageIndex] is { } page && offset < page.Length ? page[offset] : 0);
    }

    /// <summary>Adds <paramref name="size"/> to the expanded size of the container in slot <paramref name="index"/>.</summary>
    public void GrowSize(long index, double size)
    {
        Version++;
        var grown = SizeAt(index) + size;
        if (index >= DenseLimit)
        {
            (_sparseSizes ??= [])[index] = grown;
            return;
        }

        var pageIndex = (int)(index >> PageBits);
        var length = pageIndex < _pages.Count && _pages[pageIndex] is { } page ? page.Length : _codes[pageIndex]!.Length;
        SizePage(pageIndex, length)[index & PageMask] = (float)(grown - 1);
    }

    private static int Length(int pageIndex, int offset, int current) =>
        pageIndex == 0 ? Math.Max(Math.Max(FirstPageSize, current), (int)Math.Min(PageSize, BitOperations.RoundUpToPowerOf2((uint)offset + 1))) : PageSize;

    private PickleSlot[] Page(int pageIndex, int offset)
    {
        while (_pages.Count <= pageIndex)
        {
            _pages.Add(null);
        }

        var page = _pages[pageIndex];
        if (page is null)
        {
            // A page of shared markers becomes a page of references the first time it needs one; the markers carry over.
            var codes = pageIndex < _codes.Count ? _codes[pageIndex] : null;
            page = new PickleSlot[Length(pageIndex, offset, codes?.Length ?? 0)];
            if (codes is not null)
            {
                for (var i = 0; i < codes.Length; i++)
                {
                    page[i].Value = Palette[codes[i]];
                }

                _codes[pageIndex] = null;
            }

            _pages[pageIndex] = page;
        }
        else if (offset >= page.Length)
        {
            // Only the first page is ever smaller than a page.
            Array.Resize(ref page, Length(pageIndex, offset, page.Length));
            _pages[pageIndex] = page;
        }

        return page;
    }

    private byte[] CodePage(int pageIndex, int offset)
    {
        while (_codes.Count <= pageIndex)
        {
            _codes.Add(null);
        }

        var codes = _codes[pageIndex];
        if (codes is null || offset >= codes.Length)
        {
            var grown = new byte[Length(pageIndex, offset, codes?.Length ?? 0)];
            codes?.CopyTo(grown, 0);
            _codes[pageIndex] = codes = grown;
        }

        return codes;
    }

    // The shared values most slots of a large pickle hold once the retention budget is spent: such slots take one byte, in a
    // page the GC never has to scan, instead of a reference.
    private static int CodeOf(PickleValue value)
    {
        if (value is MemoizedContainer container)
        {
            return 6 + (int)container.Kind;
        }

        for (var i = 1; i < 6; i++)
        {
            if (ReferenceEquals(Palette[i], value))
            {
                return i;
            }
        }

        return 0;
    }

    private float[] SizePage(int pageIndex, int length)
    {
        while (_sizes.Count <= pageIndex)
        {
            _sizes.Add(null);
        }

        var sizes = _sizes[pageIndex];
        if (sizes is null || sizes.Length < length)
        {
            var grown = new float[length];
            sizes?.CopyTo(grown, 0);
            _sizes[pageIndex] = sizes = grown;
        }

        return sizes;
    }

    private PickleValue Retain(PickleValue value)
    {
        long cost = value switch
        {
            TextValue { Text: { } text } => text.Length + 32,
            TupleValue tuple => tuple.Items.Count * 8L,
            InstanceValue => 16,
            _ => 0,
        };
        if (cost == 0)
        {
            return value;
        }

        if (Retains(cost))
        {
            return value;
        }

        // Out of budget: keep the shape but not the content, so a later STACK_GLOBAL on it is reported as unresolved.
        // The expanded size stays in the size pages, so a dropped tuple still counts what it would expand to.
        return value is TextValue t ? (t.IsBytes ? TextValue.DroppedBytes : TextValue.DroppedText) : PickleValue.Unknown;
    }

    /// <summary>Charges <paramref name="cost"/> bytes of retained content; false (and <see cref="Degraded"/>) once the budget is spent.</summary>
    public bool Retains(long cost)
    {
        _retained += cost;
        if (_retained <= maxRetainedText)
        {
            return true;
        }

        Degraded = true;
        return false;
    }
}
