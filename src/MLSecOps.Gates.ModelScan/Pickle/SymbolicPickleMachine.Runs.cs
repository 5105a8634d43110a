using System.Buffers.Binary;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// The symbolic pickle machine: whole <c>MARK key value … SETITEMS</c> and <c>MARK item … APPENDS</c> runs of plain literals, taken
/// in one pass over the read buffer without pushing a value. Such a run into a data dict or list leaves nothing anybody can read
/// later but its memo writes: the items are dropped from the stack at its end, a data container keeps no content, and scalars add
/// nothing to the expansion estimate. So the run is first checked opcode by opcode against everything Step could do differently
/// (report, throw, keep a value, grow a size, meet the budget), and only a run that passes is applied, as its memo writes in order.
/// Any other run is left to Step, from its MARK, as if this pass had not looked at it.
/// </summary>
internal sealed partial class SymbolicPickleMachine
{
    // Longer runs are left to Step; pickle.dump batches SETITEMS and APPENDS by 1,000 items.
    private const int MaxRunOpcodes = 4096;

    private const int QuietSlots = 64;

    private RunWrite[] _runWrites = new RunWrite[16];
    private long[]? _quietSlots;
    private long _quietVersion;

    // Checks the run whose MARK is at window[start] and applies it; returns the position after its SETITEMS or APPENDS, or -1 when
    // Step must run it. `origin` is the stream offset of window[0]; `protocol` the highest protocol whose opcodes need no report.
    private int TryRun(ReadOnlySpan<byte> window, int start, long origin, int protocol)
    {
        // PushMark would have to grow the marks (and check their budget).
        if (_markCount == _marks.Length)
        {
            return -1;
        }

        var memoCount = _memo.Count;
        var contiguous = _memo.Contiguous;
        var pos = start + 1;
        var items = 0;
        var writes = 0;
        var newSlots = 0;
        var opcodes = 1;

        // What MEMOIZE or BINPUT would store: the item on top, when it is a literal pushed in this run.
        PickleValue? value = null;
        long integer = 0;
        var text = -1;
        var length = 0;
        var kind = TextKind.Utf8;
        var memoizable = false;
        while (true)
        {
            if (pos >= window.Length || ++opcodes > MaxRunOpcodes)
            {
                return -1;
            }

            int op = window[pos];
            var left = window.Length - pos - 1;
            var opStart = pos;
            switch (op)
            {
                case 'u':
                case 'e':
                    return FinishRun(window, pos, origin, opcodes, items, writes, op == 'u');
                case 'N':
                    value = PickleValue.None;
                    text = -1;
                    pos += 1;
                    break;
                case 0x88:
                case 0x89:
                    if (protocol < 2)
                    {
                        return -1;
                    }

                    value = PickleValue.Opaque;
                    text = -1;
                    pos += 1;
                    break;
                case 'G':
                    if (left < 8)
                    {
                        return -1;
                    }

                    value = PickleValue.Opaque;
                    text = -1;
                    pos += 9;
                    break;
                case 'K':
                    if (left < 1)
                    {
                        return -1;
                    }

                    value = IntValue.Of(window[pos + 1]);
                    text = -1;
                    pos += 2;
                    break;
                case 'M':
                    if (left < 2)
                    {
                        return -1;
                    }

                    value = IntValue.Of(BinaryPrimitives.ReadUInt16LittleEndian(window[(pos + 1)..]));
                    text = -1;
                    pos += 3;
                    break;
                case 'J':
                    if (left < 4)
                    {
                        return -1;
                    }

                    value = null;
                    integer = BinaryPrimitives.ReadInt32LittleEndian(window[(pos + 1)..]);
                    text = -1;
                    pos += 5;
                    break;
                case 'U':
                case 0x8c:
                case 'C':
                    if (left < 1 || (op == 0x8c && protocol < 4) || (op == 'C' && protocol < 3))
                    {
                        return -1;
                    }

                    kind = op == 'U' ? TextKind.Str8 : op == 'C' ? TextKind.Bytes : TextKind.Utf8;
                    if (!QuietLiteral(window, pos + 2, window[pos + 1], kind))
                    {
                        return -1;
                    }

                    text = pos + 2;
                    length = window[pos + 1];
                    pos = text + length;
                    break;
                case 'X':
                    kind = TextKind.Utf8;
                    if (left < 4 || BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]) >= EncodedText.MinLength
                        || !QuietLiteral(window, pos + 5, (int)BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]), kind))
                    {
                        return -1;
                    }

                    text = pos + 5;
                    length = (int)BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]);
                    pos = text + length;
                    break;
                case 'h':
                case 'j':
                    if (left < (op == 'h' ? 1 : 4)
                        || !QuietMemoRead(op == 'h' ? window[pos + 1] : BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]), memoCount))
                    {
                        return -1;
                    }

                    pos += op == 'h' ? 2 : 5;
                    items++;
                    memoizable = false;
                    continue;
                case 0x94:
                case 'q':
                case 'r':
                    {
                        // Only a write to the next fresh slot of a memo with no gaps: it changes nothing the run reads back.
                        if (!memoizable || !contiguous || (op == 0x94 && protocol < 4) || left < (op == 'q' ? 1 : op == 'r' ? 4 : 0))
                        {
                            return -1;
                        }

                        long slot = op == 0x94 ? memoCount + newSlots : op == 'q' ? window[pos + 1] : (long)BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]);
                        if (slot != memoCount + newSlots)
                        {
                            return -1;
                        }

                        if (writes == _runWrites.Length)
                        {
                            Array.Resize(ref _runWrites, writes * 2);
                        }

                        _runWrites[writes++] = new RunWrite(slot, origin + opStart, text, length, kind, value, integer);
                        newSlots++;
                        pos += op == 0x94 ? 1 : op == 'q' ? 2 : 5;
                        continue;
                    }

                default:
                    return -1;
            }

            items++;
            memoizable = true;
        }
    }

    // A str or bytes literal of `length` bytes at window[at] that Step would push without reporting anything: whole in the window,
    // shorter than an encoded payload can be, and (for bytes-like kinds) not starting like a nested pickle.
    private static bool QuietLiteral(ReadOnlySpan<byte> window, int at, int length, TextKind kind) =>
        length < EncodedText.MinLength && at + length <= window.Length && (kind == TextKind.Utf8 || length < 4 || !CanStart(window[at]));

    // A memo read that Step would push as a scalar: a slot set before the run, holding no container and nothing that counts as one.
    // The slots found so are remembered until the memo's version changes (a set slot written again or grown): runs read the same keys.
    private bool QuietMemoRead(long index, int memoCount)
    {
        if (index >= memoCount)
        {
            return false;
        }

        var quiet = _quietSlots ??= new long[QuietSlots];
        if (_memo.Version != _quietVersion)
        {
            Array.Clear(quiet);
            _quietVersion = _memo.Version;
        }

        ref var known = ref quiet[index & (QuietSlots - 1)];
        if (known == index + 1)
        {
            return true;
        }

        if (_memo.Get(index) is not { } value || value is MemoizedContainer
            || (value is OpaqueValue { IsUnknown: true } && _memo.SizeAt(index) > 1) || value.Size != 0)
        {
            return false;
        }

        known = index + 1;
        return true;
    }

    // The SETITEMS or APPENDS at window[end] closes a run of `opcodes` opcodes (MARK and itself included): applies it when Step would only have written the memo.
    private int FinishRun(ReadOnlySpan<byte> window, int end, long origin, int opcodes, int items, int writes, bool setItems)
    {
        if ((_opcodes & 0xFFFF) + opcodes > 0xFFFF || _count + items > _stack.Length)
        {
            return -1;
        }

        if (setItems)
        {
            // The dict below the mark, not the state of an instance under it (BuildState keeps that one's entries).
            if (items % 2 != 0 || _count <= _fence || (_count - 2 >= _fence && _stack[_count - 2].Value is InstanceValue))
            {
                return -1;
            }
        }
        else if (_count <= _fence || ReferenceEquals(_stack[_count - 1].Value, DeferredDict))
        {
            // APPENDS reads the value under the mark, which would make a deferred dict its object.
            return -1;
        }

        _opcodes += opcodes;
        for (var i = 0; i < writes; i++)
        {
            var write = _runWrites[i];
            _runWrites[i] = default;
            _opStart = write.OpStart;
            bool kept;
            if (write.Offset >= 0)
            {
                var bytes = window.Slice(write.Offset, write.Length);
                kept = StoreShortText(write.Slot, bytes, write.Kind) ?? _memo.Put(write.Slot, ShortText(bytes, write.Kind));
            }
            else
            {
                kept = _memo.Put(write.Slot, write.Value ?? IntValue.Of(write.Int));
            }

            if (!kept)
            {
                throw new ScanBudgetExceededException($"more than {_scan.Budget.MaxMemoEntries} pickle memo entries");
            }
        }

        _opStart = origin + end;
        return end + 1;
    }

    // A memo write of a run: the slot, the offset of its opcode and the literal it stores (a text's bytes at Offset in the window
    // when Offset is not negative, else Value, or the int Int when Value is null).
    private readonly record struct RunWrite(long Slot, long OpStart, int Offset, int Length, TextKind Kind, PickleValue? Value, long Int);
}
