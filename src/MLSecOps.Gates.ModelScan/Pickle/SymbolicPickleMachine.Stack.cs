using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: the symbolic stack, marks and memo.</summary>
internal sealed partial class SymbolicPickleMachine
{
    // An int literal beyond the cached small ones is kept unboxed in _inline under this marker until something reads it as a
    // value: most (record ids, counters) only go into a dict or list whose content is not tracked, so they never cost an object.
    private static readonly PickleValue InlineInt = new OpaqueValue("an int");

    // A short str or bytes literal is kept as its bytes in _texts (offset, kind and length packed in _inline) under this marker
    // until something reads it as a value: most (names, labels) only go into a data dict or a memo slot past the retention budget,
    // so they never cost a string. The bytes of the markers on the stack lie in _texts in stack order, so a pop frees them.
    private static readonly PickleValue DeferredText = new OpaqueValue("a string");

    // An empty dict (EMPTY_DICT) is kept as this marker, with its memo slot (or -1) in _inline, until something reads it as a value:
    // a data dict only ever gets items that are not tracked, so it never costs an object. As a raw stack value it is an unhashable
    // dict of one container; SizeFrom reads its memoized size.
    private static readonly ContainerValue DeferredDict = new(ContainerKind.Dict);

    private byte[] _texts = new byte[1024];
    private int _textsTop;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(PickleValue value)
    {
        if (_count == _stack.Length)
        {
            GrowStack();
        }

        _stack[_count++].Value = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushInt(long value)
    {
        if (value is >= 0 and <= 256)
        {
            Push(IntValue.Of(value));
            return;
        }

        if (_count == _stack.Length)
        {
            GrowStack();
        }

        _inline[_count] = value;
        _stack[_count++].Value = InlineInt;
    }

    // Never inlined: every Push would otherwise carry the budget message's string builder, a frame slot zeroed on each call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowStack()
    {
        if (_count >= _scan.Budget.MaxStackDepth)
        {
            throw new ScanBudgetExceededException($"pickle stack deeper than {_scan.Budget.MaxStackDepth}");
        }

        Array.Resize(ref _stack, Math.Min(_count * 2, Math.Max(_scan.Budget.MaxStackDepth, 1)));
        Array.Resize(ref _inline, _stack.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleValue Pop()
    {
        if (_count <= _fence)
        {
            throw new PickleFormatException("unpickling stack underflow", _opStart, everyUnpicklerStops: true);
        }

        ref var slot = ref _stack[--_count].Value;
        var value = slot!;
        slot = null;
        if (ReferenceEquals(value, DeferredText))
        {
            // Its bytes are the last in _texts; they stay readable until the next push.
            _textsTop = (int)(_inline[_count] >> 8);
        }

        return Boxed(value, _count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleValue Top() => _count > _fence ? At(_count - 1) : throw new PickleFormatException("unpickling stack underflow", _opStart, everyUnpicklerStops: true);

    // The value in stack slot `index`; a deferred dict becomes its object in place, so every later read (DUP, BUILD state) shares it.
    private PickleValue At(int index)
    {
        var value = _stack[index].Value!;
        if (ReferenceEquals(value, DeferredDict))
        {
            value = Boxed(value, index);
            _stack[index].Value = value;
            return value;
        }

        return Boxed(value, index);
    }

    // The value a stack marker stands for: an unboxed int, a deferred text or dict made its object.
    private PickleValue Boxed(PickleValue value, int index)
    {
        if (ReferenceEquals(value, InlineInt))
        {
            return IntValue.Of(_inline[index]);
        }

        if (ReferenceEquals(value, DeferredText))
        {
            return ShortText(DeferredBytes(index), DeferredKind(index));
        }

        if (ReferenceEquals(value, DeferredDict))
        {
            var dict = new DictValue();
            if (_inline[index] >= 0)
            {
                dict.Attach(_memo, _inline[index]);
            }

            return dict;
        }

        return value;
    }

    // A str or bytes literal of at most ShortTextLength bytes, pushed as its bytes.
    private void PushText(ReadOnlySpan<byte> bytes, TextKind kind)
    {
        if (_count == _stack.Length)
        {
            GrowStack();
        }

        if (_textsTop + bytes.Length > _texts.Length)
        {
            Array.Resize(ref _texts, Math.Max(_texts.Length * 2, _textsTop + bytes.Length));
        }

        bytes.CopyTo(_texts.AsSpan(_textsTop));
        _inline[_count] = ((long)_textsTop << 8) | ((long)kind << 6) | (long)bytes.Length;
        _textsTop += bytes.Length;
        _stack[_count++].Value = DeferredText;
    }

    private void PushEmptyDict()
    {
        if (_count == _stack.Length)
        {
            GrowStack();
        }

        _inline[_count] = -1;
        _stack[_count++].Value = DeferredDict;
    }

    private void PushMark()
    {
        if (_markCount == _marks.Length)
        {
            if (_markCount >= _scan.Budget.MaxStackDepth)
            {
                throw new ScanBudgetExceededException($"more than {_scan.Budget.MaxStackDepth} pickle marks");
            }

            Array.Resize(ref _marks, _markCount * 2);
        }

        _marks[_markCount++] = _count;
        _fence = _count;
    }

    private void PopOrMark()
    {
        if (_count > _fence)
        {
            Pop();
        }
        else if (_markCount > 0)
        {
            PopMarkOnly();
        }
        else
        {
            throw new PickleFormatException("unpickling stack underflow", _opStart, everyUnpicklerStops: true);
        }
    }

    private int PopMarkOnly()
    {
        if (_markCount == 0)
        {
            throw new PickleFormatException("could not find MARK", _opStart, everyUnpicklerStops: true);
        }

        var mark = _marks[--_markCount];
        _fence = _markCount > 0 ? _marks[_markCount - 1] : 0;
        return mark;
    }

    private void PopMark() => ClearTo(PopMarkOnly());

    // Drops the stack down to `mark`.
    private void ClearTo(int mark)
    {
        for (var i = mark; i < _count; i++)
        {
            if (ReferenceEquals(_stack[i].Value, DeferredText))
            {
                _textsTop = (int)(_inline[i] >> 8);
                break;
            }
        }

        Array.Clear(_stack, mark, _count - mark);
        _count = mark;
    }

    // The expanded size of the items from `from` to the top.
    private double SizeFrom(int from)
    {
        var size = 0.0;
        for (var i = from; i < _count; i++)
        {
            var value = _stack[i].Value!;
            size += ReferenceEquals(value, DeferredDict) ? (_inline[i] < 0 ? 1 : _memo.SizeAt(_inline[i])) : value.Size;
        }

        return size;
    }

    // TUPLE, INST and OBJ arguments: the items from `from` to the top (the first MaxItems kept), popped.
    private TupleValue TupleFrom(int from)
    {
        var count = _count - from;
        if (count == 0)
        {
            return TupleValue.Empty;
        }

        var items = new PickleValue[Math.Min(count, TupleValue.MaxItems)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = At(from + i);
        }

        var tuple = new TupleValue(items, 1 + SizeFrom(from));
        ClearTo(from);
        CheckExpansion(tuple.Size);
        return tuple;
    }

    private TupleValue Tuple(PickleValue[] items)
    {
        var tuple = new TupleValue(items);
        CheckExpansion(tuple.Size);
        return tuple;
    }

    // LIST and FROZENSET: a new container of the items above the mark.
    private ContainerValue ContainerFromMark(ContainerKind kind)
    {
        var mark = PopMarkOnly();
        if (kind == ContainerKind.FrozenSet)
        {
            CheckHashable(mark, 1, "a frozenset item");
        }

        var container = new ContainerValue(kind, 1 + SizeFrom(mark));
        ClearTo(mark);
        CheckExpansion(container.Size);
        return container;
    }

    private DictValue DictFromMark()
    {
        var mark = PopMarkOnly();
        CheckHashable(mark, 2, "a dict key");
        var dict = new DictValue();
        for (var i = mark + 1; i < _count; i += 2)
        {
            dict.Set(At(i - 1), At(i));
        }

        dict.Grow(SizeFrom(mark));
        ClearTo(mark);
        CheckExpansion(dict.Size);
        return dict;
    }

    private void SetItem()
    {
        var value = Pop();
        var key = Pop();
        CheckHashable(key, "a dict key");
        if (_count > _fence)
        {
            BuildState(_count - 1)?.Set(key, value);
            Grow(_count - 1, key.Size + value.Size);
        }
    }

    private void SetItems()
    {
        var mark = PopMarkOnly();
        if ((_count - mark) % 2 != 0)
        {
            throw new PickleFormatException("odd number of items for SETITEMS", _opStart);
        }

        if (mark - 1 < _fence)
        {
            throw new PickleFormatException("SETITEMS without a dict", _opStart);
        }

        CheckHashable(mark, 2, "a dict key");
        if (BuildState(mark - 1) is { } dict)
        {
            for (var i = mark + 1; i < _count; i += 2)
            {
                dict.Set(At(i - 1), At(i));
            }
        }

        Grow(mark - 1, SizeFrom(mark));
        ClearTo(mark);
    }

    // APPEND, APPENDS, ADDITEMS: the items go into the container below them.
    private void Append()
    {
        var item = Pop();
        Grow(Top(), item.Size);
    }

    private void AppendItems(bool setItems)
    {
        var mark = PopMarkOnly();
        if (setItems)
        {
            CheckHashable(mark, 1, "a set item");
        }

        var added = SizeFrom(mark);
        ClearTo(mark);
        Grow(Top(), added);
    }

    // Dict entries are kept only for a dict right above an instance: the state a BUILD will give it (joblib, NumPy).
    // Ordinary data dicts are not tracked, which keeps large pickles cheap.
    private DictValue? BuildState(int index) =>
        index - 1 >= _fence && _stack[index - 1].Value is InstanceValue && At(index) is DictValue dict ? dict : null;

    private void DiscardToMark() => ClearTo(PopMarkOnly());

    // Growing by nothing reads nothing: a deferred dict that gets only scalars stays deferred.
    private void Grow(int index, double size)
    {
        if (size != 0)
        {
            Grow(At(index), size);
        }
    }

    private void Grow(PickleValue target, double size)
    {
        if (size == 0)
        {
            return;
        }

        switch (target)
        {
            case ContainerValue container:
                container.Grow(size);
                CheckExpansion(container.Size);
                break;
            case InstanceValue instance:
                instance.Grow(size);
                CheckExpansion(instance.Size);
                break;
            default:
                break;
        }
    }

    // A list, dict or set (the container itself included) as a dict key or set item: CPython's load raises TypeError there.
    private void CheckHashable(int from, int step, string what)
    {
        for (var i = from; i < _count; i += step)
        {
            // Only containers are unhashable: the stored value is enough (an unboxed int is not one).
            CheckHashable(_stack[i].Value!, what);
        }
    }

    private void CheckHashable(PickleValue key, string what)
    {
        if (key is ContainerValue { IsHashable: false } container)
        {
            throw new PickleFormatException($"{what} is {container} (unhashable), which CPython's load rejects", _opStart, everyUnpicklerStops: true);
        }
    }

    private PickleValue MemoGet(long index)
    {
        switch (_memo.Get(index))
        {
            case null:
                throw new PickleFormatException($"memo slot {index} read before it was written", _opStart, everyUnpicklerStops: true);
            case MemoizedContainer container:
                // A reference to the memoized list, dict or set: growing it grows the one size every reference shares.
                return ContainerValue.Memoized(container.Kind, _memo, index);
            case OpaqueValue { IsUnknown: true } when _memo.SizeAt(index) is var size && size > 1:
                // A tuple or instance dropped for lack of retention budget still counts what it expands to.
                return PickleValue.UnknownOfSize(size);
            case var value:
                return value;
        }
    }

    private ReadOnlySpan<byte> DeferredBytes(int index) => _texts.AsSpan((int)(_inline[index] >> 8), (int)(_inline[index] & 0x3F));

    private TextKind DeferredKind(int index) => (TextKind)((_inline[index] >> 6) & 3);

    // Memoizes the deferred text in stack slot `index` as Put would (charged its length plus 32), without making the string once
    // the budget is spent; null when its characters are not its bytes (non-ASCII UTF-8), which Put must measure decoded.
    private bool? StoreDeferredText(long slot, int index) => StoreShortText(slot, DeferredBytes(index), DeferredKind(index));

    // Memoizes a short str or bytes literal as Put would its value; null when it is non-ASCII UTF-8 (see StoreDeferredText).
    private bool? StoreShortText(long slot, ReadOnlySpan<byte> bytes, TextKind kind)
    {
        if (kind == TextKind.Utf8 && !System.Text.Ascii.IsValid(bytes))
        {
            return null;
        }

        return _memo.Store(slot, _memo.Retains(bytes.Length + 32) ? ShortText(bytes, kind) : kind == TextKind.Bytes ? TextValue.DroppedBytes : TextValue.DroppedText, 0);
    }

    private void MemoPut(long index)
    {
        if (index < 0)
        {
            throw new PickleFormatException("negative memo index", _opStart);
        }

        var stored = _count > _fence ? _stack[_count - 1].Value : null;
        bool kept;
        if (ReferenceEquals(stored, DeferredText) && StoreDeferredText(index, _count - 1) is { } text)
        {
            kept = text;
        }
        else if (ReferenceEquals(stored, DeferredDict))
        {
            // As Put does for a fresh dict: the first slot it is memoized in holds its size from then on.
            ref var slot = ref _inline[_count - 1];
            var size = slot < 0 ? 1 : _memo.SizeAt(slot);
            if (slot < 0)
            {
                slot = index;
            }

            kept = _memo.Store(index, MemoizedContainer.Of(ContainerKind.Dict), size);
        }
        else
        {
            kept = _memo.Put(index, Top());
        }

        if (!kept)
        {
            throw new ScanBudgetExceededException($"more than {_scan.Budget.MaxMemoEntries} pickle memo entries");
        }
    }
}
