using System.Buffers.Binary;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: data opcodes run straight from the read buffer.</summary>
internal sealed partial class SymbolicPickleMachine
{
    // Below this many buffered bytes the buffer is topped up first, so a run is not cut short at every refill.
    private const int RunRefill = 4096;

    // Runs the data opcodes that lie whole in the read buffer (and inside the current frame), as Step would, without the per-opcode
    // reads, frame and protocol checks of Execute: each is taken only when none of those checks could say anything. Returns at the
    // first opcode it does not take (any other opcode, one that runs past the buffer or frame, one that needs a protocol the stream
    // did not declare, or the one that reaches the next budget check), which Execute then runs. Errors are thrown with _opStart set,
    // exactly as from Step; the machine stops on them, so the bytes of the opcode that threw are left unconsumed.
    private void RunBuffered()
    {
        if (_source.Buffered.Length < RunRefill)
        {
            _source.Available(RunRefill);
        }

        var window = _source.Buffered;
        var origin = _source.Position;
        if (_frameEnd >= 0 && _frameEnd - origin < window.Length)
        {
            window = window[..(int)Math.Max(_frameEnd - origin, 0)];
        }

        // Opcodes newer than the declared protocol go to Execute, which reports the first of them.
        var protocol = _protocolMismatch ? 5 : _protocol;
        var pos = 0;
        while (pos < window.Length && ((_opcodes + 1) & 0xFFFF) != 0)
        {
            int op = window[pos];
            var left = window.Length - pos - 1;
            _opStart = origin + pos;
            int next;
            switch (op)
            {
                case '(':
                    next = TryRun(window, pos, origin, protocol);
                    if (next < 0)
                    {
                        next = pos + 1;
                        _opcodes++;
                        PushMark();
                    }

                    break;
                case 0x94:
                    if (protocol < 4)
                    {
                        goto Done;
                    }

                    next = pos + 1;
                    _opcodes++;
                    MemoPut(_memo.Count);
                    break;
                case 'q':
                    if (left < 1)
                    {
                        goto Done;
                    }

                    next = pos + 2;
                    _opcodes++;
                    MemoPut(window[pos + 1]);
                    break;
                case 'r':
                    if (left < 4)
                    {
                        goto Done;
                    }

                    next = pos + 5;
                    _opcodes++;
                    MemoPut(BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]));
                    break;
                case 'h':
                    if (left < 1)
                    {
                        goto Done;
                    }

                    next = pos + 2;
                    _opcodes++;
                    Push(MemoGet(window[pos + 1]));
                    break;
                case 'j':
                    if (left < 4)
                    {
                        goto Done;
                    }

                    next = pos + 5;
                    _opcodes++;
                    Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..])));
                    break;
                case 'N':
                    next = pos + 1;
                    _opcodes++;
                    Push(PickleValue.None);
                    break;
                case 0x88:
                case 0x89:
                    if (protocol < 2)
                    {
                        goto Done;
                    }

                    next = pos + 1;
                    _opcodes++;
                    Push(PickleValue.Opaque);
                    break;
                case 'J':
                    if (left < 4)
                    {
                        goto Done;
                    }

                    next = pos + 5;
                    _opcodes++;
                    PushInt(BinaryPrimitives.ReadInt32LittleEndian(window[(pos + 1)..]));
                    break;
                case 'K':
                    if (left < 1)
                    {
                        goto Done;
                    }

                    next = pos + 2;
                    _opcodes++;
                    Push(IntValue.Of(window[pos + 1]));
                    break;
                case 'M':
                    if (left < 2)
                    {
                        goto Done;
                    }

                    next = pos + 3;
                    _opcodes++;
                    Push(IntValue.Of(BinaryPrimitives.ReadUInt16LittleEndian(window[(pos + 1)..])));
                    break;
                case 'G':
                    if (left < 8)
                    {
                        goto Done;
                    }

                    next = pos + 9;
                    _opcodes++;
                    Push(PickleValue.Opaque);
                    break;
                case 'U':
                case 0x8c:
                case 'C':
                    if (left < 1 || left - 1 < window[pos + 1] || (op == 0x8c && protocol < 4) || (op == 'C' && protocol < 3))
                    {
                        goto Done;
                    }

                    next = pos + 2 + window[pos + 1];
                    _opcodes++;
                    PushLiteral(window.Slice(pos + 2, window[pos + 1]), op == 'U' ? TextKind.Str8 : op == 'C' ? TextKind.Bytes : TextKind.Utf8);
                    break;
                case 'X':
                    if (left < 4 || (uint)(left - 4) < BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]))
                    {
                        goto Done;
                    }

                    next = pos + 5 + (int)BinaryPrimitives.ReadUInt32LittleEndian(window[(pos + 1)..]);
                    _opcodes++;
                    PushLiteral(window[(pos + 5)..next], TextKind.Utf8);
                    break;
                case '}':
                    next = pos + 1;
                    _opcodes++;
                    PushEmptyDict();
                    break;
                case 'a':
                    next = pos + 1;
                    _opcodes++;
                    Append();
                    break;
                case 'e':
                    next = pos + 1;
                    _opcodes++;
                    AppendItems(setItems: false);
                    break;
                case 's':
                    next = pos + 1;
                    _opcodes++;
                    SetItem();
                    break;
                case 'u':
                    next = pos + 1;
                    _opcodes++;
                    SetItems();
                    break;
                default:
                    goto Done;
            }

            pos = next;
        }

    Done:
        _source.Advance(pos);
    }
}
