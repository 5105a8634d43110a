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

    // The value in stack slot `index`, an unboxed int made an IntValue.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleValue Boxed(PickleValue value, int index) => ReferenceEquals(value, InlineInt) ? IntValue.Of(_inline[index]) : value;

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
        return Boxed(value, _count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleValue Top() => _count > _fence ? At(_count - 1) : throw new PickleFormatException("unpickling stack underflow", _opStart, everyUnpicklerStops: true);

    private PickleValue At(int index) => Boxed(_stack[index].Value!, index);

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
        Array.Clear(_stack, mark, _count - mark);
        _count = mark;
    }

    // The expanded size of the items from `from` to the top.
    private double SizeFrom(int from)
    {
        var size = 0.0;
        for (var i = from; i < _count; i++)
        {
            size += _stack[i].Value!.Size;
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
            Grow(At(_count - 1), key.Size + value.Size);
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

        Grow(At(mark - 1), SizeFrom(mark));
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
        index - 1 >= _fence && _stack[index].Value is DictValue dict && _stack[index - 1].Value is InstanceValue ? dict : null;

    private void DiscardToMark() => ClearTo(PopMarkOnly());

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

    private void MemoPut(long index)
    {
        if (index < 0)
        {
            throw new PickleFormatException("negative memo index", _opStart);
        }

        if (!_memo.Put(index, Top()))
        {
            throw new ScanBudgetExceededException($"more than {_scan.Budget.MaxMemoEntries} pickle memo entries");
        }
    }
}
