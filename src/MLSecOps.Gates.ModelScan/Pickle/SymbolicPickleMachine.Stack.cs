using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: the symbolic stack, marks and memo.</summary>
internal sealed partial class SymbolicPickleMachine
{
    private void Push(PickleValue value)
    {
        if (_count == _stack.Length)
        {
            if (_count >= _scan.Budget.MaxStackDepth)
            {
                throw new ScanBudgetExceededException($"pickle stack deeper than {_scan.Budget.MaxStackDepth}");
            }

            Array.Resize(ref _stack, Math.Min(_count * 2, Math.Max(_scan.Budget.MaxStackDepth, 1)));
        }

        _stack[_count++] = value;
    }

    private PickleValue Pop()
    {
        if (_count <= _fence)
        {
            throw new PickleFormatException("unpickling stack underflow", _opStart);
        }

        var value = _stack[--_count];
        _stack[_count] = null!;
        return value;
    }

    private PickleValue Top() => _count > _fence ? _stack[_count - 1] : throw new PickleFormatException("unpickling stack underflow", _opStart);

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
            throw new PickleFormatException("unpickling stack underflow", _opStart);
        }
    }

    private int PopMarkOnly()
    {
        if (_markCount == 0)
        {
            throw new PickleFormatException("could not find MARK", _opStart);
        }

        var mark = _marks[--_markCount];
        _fence = _markCount > 0 ? _marks[_markCount - 1] : 0;
        return mark;
    }

    private void PopMark()
    {
        var mark = PopMarkOnly();
        Array.Clear(_stack, mark, _count - mark);
        _count = mark;
    }

    private List<PickleValue> PopToMark()
    {
        var mark = PopMarkOnly();
        var items = new List<PickleValue>(_count - mark);
        for (var i = mark; i < _count; i++)
        {
            items.Add(_stack[i]);
            _stack[i] = null!;
        }

        _count = mark;
        return items;
    }

    private static TupleValue Tuple(List<PickleValue> items) =>
        items.Count == 0 ? TupleValue.Empty : new TupleValue([.. items.Take(TupleValue.MaxItems)]);

    private static DictValue Dict(List<PickleValue> items)
    {
        var dict = new DictValue();
        SetPairs(dict, items);
        return dict;
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

        if (BuildState(mark - 1) is { } dict)
        {
            for (var i = mark + 1; i < _count; i += 2)
            {
                dict.Set(_stack[i - 1], _stack[i]);
            }
        }

        Array.Clear(_stack, mark, _count - mark);
        _count = mark;
    }

    // Dict entries are kept only for a dict right above an instance: the state a BUILD will give it (joblib, NumPy).
    // Ordinary data dicts are not tracked, which keeps large pickles cheap.
    private DictValue? BuildState(int index) =>
        index - 1 >= _fence && _stack[index] is DictValue dict && _stack[index - 1] is InstanceValue ? dict : null;

    private void DiscardToMark()
    {
        var mark = PopMarkOnly();
        Array.Clear(_stack, mark, _count - mark);
        _count = mark;
    }

    private static void SetPairs(DictValue dict, List<PickleValue> items)
    {
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            dict.Set(items[i], items[i + 1]);
        }
    }

    private PickleValue MemoGet(long index)
    {
        var value = _memo.Get(index);
        if (value is not null)
        {
            return value;
        }

        throw new PickleFormatException($"memo slot {index} read before it was written", _opStart);
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
