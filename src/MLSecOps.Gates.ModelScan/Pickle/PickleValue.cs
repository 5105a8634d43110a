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
    public static PickleValue Unknown { get; } = new OpaqueValue("an unknown value");

    /// <summary>Returns the value to keep in the memo: mutable containers are not tracked there.</summary>
    public virtual PickleValue ForMemo() => this;
}

/// <summary>A value whose content is not tracked.</summary>
/// <param name="Kind">What it is, for messages.</param>
internal sealed class OpaqueValue(string Kind) : PickleValue
{
    /// <inheritdoc />
    public override string ToString() => Kind;
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
    /// <summary>Gets the callable, or null when it was not a resolved global.</summary>
    public GlobalValue? Callable { get; } = callable;

    /// <summary>Gets the arguments.</summary>
    public PickleValue Arguments { get; } = arguments;

    /// <summary>Gets or sets the state given by BUILD, if any.</summary>
    public PickleValue? State { get; set; }
}

/// <summary>A tuple; at most <see cref="MaxItems"/> items are kept.</summary>
internal sealed class TupleValue(PickleValue[] items) : PickleValue
{
    /// <summary>The most items kept.</summary>
    public const int MaxItems = 32;

    /// <summary>Gets the empty tuple.</summary>
    public static TupleValue Empty { get; } = new([]);

    /// <summary>Gets the kept items.</summary>
    public IReadOnlyList<PickleValue> Items { get; } = items;
}

/// <summary>A dict being built; keeps up to <see cref="MaxItems"/> str-keyed entries (enough for joblib and NumPy state).</summary>
internal sealed class DictValue : PickleValue
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

    /// <inheritdoc />
    public override PickleValue ForMemo() => Opaque;
}
