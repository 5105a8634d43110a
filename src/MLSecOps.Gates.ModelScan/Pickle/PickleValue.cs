using System.Numerics;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>A symbolic value on the pickle machine's stack or memo: only what the analysis needs is kept.</summary>
internal abstract class PickleValue
{
    /// <summary>Gets a value whose content is not tracked (floats, lists, sets, persistent ids, buffers).</summary>
    public static PickleValue Opaque { get; } = new OpaqueValue("an object");

    /// <summary>Gets the None value.</summary>
    public static PickleValue None { get; } = new OpaqueValue("None");

    /// <summary>Gets a value the scanner cannot know (extension codes, literals dropped from the memo, unresolved calls).</summary>
    public static PickleValue Unknown { get; } = new OpaqueValue("an unknown value", isUnknown: true);

    /// <summary>Gets how many containers (tuples, lists, dicts, sets, instances) the value would be with every shared reference in it
    /// expanded; scalars count 0, since sharing them amplifies nothing.</summary>
    public virtual double Size => 0;

    /// <summary>Returns the value to keep in the memo.</summary>
    public virtual PickleValue ForMemo() => this;

    /// <summary>Returns an unknown value that stands for a dropped memo entry of <paramref name="size"/> expanded objects.</summary>
    public static PickleValue UnknownOfSize(double size) => size > 0 ? new OpaqueValue("an unknown value", isUnknown: true, size) : Unknown;
}

/// <summary>A value whose content is not tracked.</summary>
/// <param name="kind">What it is, for messages.</param>
/// <param name="isUnknown">Whether it stands for a value the scanner cannot know (already reported where it arose).</param>
/// <param name="size">Its expanded size, when it stands for a dropped memo entry.</param>
internal sealed class OpaqueValue(string kind, bool isUnknown = false, double size = 0) : PickleValue
{
    /// <summary>Gets whether the value stands for one the scanner cannot know.</summary>
    public bool IsUnknown { get; } = isUnknown;

    /// <inheritdoc />
    public override double Size => size;

    /// <inheritdoc />
    public override string ToString() => kind;
}

/// <summary>What a memo slot holds for a list, set or dict: the kind only; reading the slot gives a reference to the same container.</summary>
internal sealed class MemoizedContainer : PickleValue
{
    private static readonly MemoizedContainer[] Kinds = [.. Enum.GetValues<ContainerKind>().Select(k => new MemoizedContainer(k))];

    private MemoizedContainer(ContainerKind kind) => Kind = kind;

    /// <summary>Gets the container's kind.</summary>
    public ContainerKind Kind { get; }

    /// <summary>Returns the shared marker of <paramref name="kind"/>.</summary>
    public static MemoizedContainer Of(ContainerKind kind) => Kinds[(int)kind];
}

/// <summary>A str or bytes literal; <see cref="Text"/> is null when it was too long to keep or was dropped from the memo.</summary>
internal sealed class TextValue(string? text, long length, bool isBytes) : PickleValue
{
    /// <summary>Gets the str literal the memo dropped for lack of budget (content unknown).</summary>
    public static TextValue DroppedText { get; } = new(null, 0, false);

    /// <summary>Gets the bytes literal the memo dropped for lack of budget (content unknown).</summary>
    public static TextValue DroppedBytes { get; } = new(null, 0, true);

    /// <summary>Gets the decoded text (bytes as Latin-1), or null when not kept.</summary>
    public string? Text { get; } = text;

    /// <summary>Gets the length in characters or bytes.</summary>
    public long Length { get; } = length;

    /// <summary>Gets whether the literal is bytes (not str).</summary>
    public bool IsBytes { get; } = isBytes;
}

/// <summary>An integer literal.</summary>
internal sealed class IntValue(BigInteger value) : PickleValue
{
    private static readonly IntValue[] Small = [.. Enumerable.Range(0, 257).Select(i => new IntValue(i))];

    /// <summary>Gets the value.</summary>
    public BigInteger Value { get; } = value;

    /// <summary>Returns a (possibly cached) value.</summary>
    public static IntValue Of(long value) => value is >= 0 and <= 256 ? Small[value] : new IntValue(value);
}

/// <summary>A class or function reached by GLOBAL, STACK_GLOBAL or INST.</summary>
internal sealed class GlobalValue(string module, string name, long offset) : PickleValue
{
    /// <summary>Gets the module as written in the pickle.</summary>
    public string Module { get; } = module;

    /// <summary>Gets the (possibly dotted) qualified name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the offset of the opcode that resolved it.</summary>
    public long Offset { get; } = offset;

    /// <summary>Gets <c>module.name</c>.</summary>
    public string FullName => Module + "." + Name;

    /// <inheritdoc />
    public override string ToString() => FullName;
}

/// <summary>The result of calling a global (REDUCE, NEWOBJ, INST, OBJ): an instance whose state BUILD may set.</summary>
internal sealed class InstanceValue(GlobalValue? callable, PickleValue arguments) : PickleValue
{
    private double _size = 1 + arguments.Size;

    /// <summary>Gets the callable, or null when it was not a resolved global.</summary>
    public GlobalValue? Callable { get; } = callable;

    /// <summary>Gets the arguments.</summary>
    public PickleValue Arguments { get; } = arguments;

    /// <summary>Gets or sets the state given by BUILD, if any.</summary>
    public PickleValue? State { get; set; }

    /// <inheritdoc />
    public override double Size => _size;

    /// <summary>Adds <paramref name="size"/> expanded objects (state, appended items).</summary>
    public void Grow(double size) => _size += size;
}

/// <summary>What kind of mutable (or frozen) container a <see cref="ContainerValue"/> is.</summary>
internal enum ContainerKind
{
    /// <summary>A list.</summary>
    List,

    /// <summary>A dict.</summary>
    Dict,

    /// <summary>A set.</summary>
    Set,

    /// <summary>A frozenset (hashable).</summary>
    FrozenSet,
}

/// <summary>
/// A list, dict, set or frozenset: its content is not kept, only its expanded size. Once memoized its size lives in the memo,
/// so every reference read back from the memo sees (and grows) the same size.
/// </summary>
internal class ContainerValue(ContainerKind kind, double size = 1) : PickleValue
{
    private double _size = size;
    private MemoTable? _memo;
    private long _slot;

    /// <summary>Gets the kind.</summary>
    public ContainerKind Kind { get; } = kind;

    /// <summary>Gets whether CPython can hash it (a frozenset); a list, dict or set as a dict key or set item raises TypeError.</summary>
    public bool IsHashable => Kind == ContainerKind.FrozenSet;

    /// <inheritdoc />
    public override double Size => _memo is null ? _size : _memo.SizeAt(_slot);

    /// <summary>Returns a reference to the container memoized in <paramref name="slot"/> of <paramref name="memo"/>.</summary>
    public static ContainerValue Memoized(ContainerKind kind, MemoTable memo, long slot)
    {
        var reference = new ContainerValue(kind);
        reference.Attach(memo, slot);
        return reference;
    }

    /// <summary>Adds <paramref name="size"/> expanded objects (appended items, set entries).</summary>
    public void Grow(double size)
    {
        if (_memo is null)
        {
            _size += size;
        }
        else
        {
            _memo.GrowSize(_slot, size);
        }
    }

    /// <inheritdoc />
    public override PickleValue ForMemo() => MemoizedContainer.Of(Kind);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ContainerKind.Dict => "a dict",
        ContainerKind.Set => "a set",
        ContainerKind.FrozenSet => "a frozenset",
        _ => "a list",
    };

    /// <summary>Moves the size into memo slot <paramref name="slot"/>, unless the container already lives in another slot.</summary>
    public void Attach(MemoTable memo, long slot)
    {
        if (_memo is null)
        {
            _memo = memo;
            _slot = slot;
        }
    }
}

/// <summary>A tuple; at most <see cref="MaxItems"/> items are kept.</summary>
/// <param name="items">The kept items.</param>
/// <param name="size">The expanded size of the whole tuple, all items counted.</param>
internal sealed class TupleValue(PickleValue[] items, double size) : PickleValue
{
    /// <summary>The most items kept.</summary>
    public const int MaxItems = 32;

    /// <summary>Creates a tuple of exactly <paramref name="items"/>.</summary>
    public TupleValue(PickleValue[] items)
        : this(items, 1 + items.Sum(i => i.Size))
    {
    }

    /// <summary>Gets the empty tuple.</summary>
    public static TupleValue Empty { get; } = new([], 1);

    /// <summary>Gets the kept items.</summary>
    public IReadOnlyList<PickleValue> Items { get; } = items;

    /// <inheritdoc />
    public override double Size => size;
}

/// <summary>A dict being built; keeps up to <see cref="MaxItems"/> str-keyed entries (enough for joblib and NumPy state).</summary>
internal sealed class DictValue() : ContainerValue(ContainerKind.Dict)
{
    /// <summary>The most entries kept.</summary>
    public const int MaxItems = 32;

    private Dictionary<string, PickleValue>? _items;

    /// <summary>Gets the kept entries.</summary>
    public IReadOnlyDictionary<string, PickleValue> Items => _items ?? (IReadOnlyDictionary<string, PickleValue>)EmptyItems;

    private static Dictionary<string, PickleValue> EmptyItems { get; } = [];

    /// <summary>Records an entry if its key is a kept str and there is room.</summary>
    public void Set(PickleValue key, PickleValue value)
    {
        if (key is TextValue { Text: { } text, IsBytes: false })
        {
            _items ??= new Dictionary<string, PickleValue>(StringComparer.Ordinal);
            if (_items.Count < MaxItems || _items.ContainsKey(text))
            {
                _items[text] = value;
            }
        }
    }
}
