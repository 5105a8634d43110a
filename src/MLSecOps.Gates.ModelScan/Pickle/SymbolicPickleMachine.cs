using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// Runs one pickle stream symbolically, opcode by opcode as CPython's <c>_pickle.c</c> does (protocols 0–5), with a stack
/// and memo of <see cref="PickleValue"/>s: every global is judged by the policy, every call site checked, nothing executed.
/// </summary>
internal sealed partial class SymbolicPickleMachine
{
    private const int MaxLine = 64 * 1024;
    private const int KeepTextLength = 4096;
    private const int ShortTextLength = 32;
    private const int ShortTextSlots = 256;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly FileScan _scan;
    private readonly PickleByteSource _source;
    private readonly string _prefix;
    private readonly int _nesting;
    private readonly bool _probe;
    private readonly MemoTable _memo;
    private PickleSlot[] _stack = new PickleSlot[256];
    private long[] _inline = new long[256];
    private int _count;
    private int[] _marks = new int[32];
    private int _markCount;
    private int _fence;
    private long _frameEnd = -1;
    private bool _frameViolation;
    private bool _protoSeen;
    private int _protocol = 1;
    private bool _protocolMismatch;
    private long _opcodes;
    private long _opStart;
    private long _streamStart;
    private TextValue?[]? _shortTexts;

    /// <summary>Creates a machine for the stream starting at the source's position.</summary>
    /// <param name="scan">The file's scan state (policy, budget, findings).</param>
    /// <param name="source">The bytes.</param>
    /// <param name="prefix">The logical name of the pickle, such as <c>archive/data.pkl</c>.</param>
    /// <param name="nesting">How deep this pickle is nested in other pickles' literals.</param>
    /// <param name="probe">Whether only to check that the bytes look like a pickle (strict, silent).</param>
    public SymbolicPickleMachine(FileScan scan, PickleByteSource source, string prefix, int nesting, bool probe = false)
    {
        _scan = scan;
        _source = source;
        _prefix = prefix;
        _nesting = nesting;
        _probe = probe;
        _memo = new MemoTable(scan.Budget.MaxMemoEntries, scan.Budget.MaxRetainedText);
    }

    /// <summary>Returns whether CPython's <c>load()</c> accepts <paramref name="op"/> as the first opcode (empty stack, memo and marks).</summary>
    /// <remarks>Every push, literal, PROTO, FRAME, GLOBAL, PERSID and EXT opcode; not those that pop, read the memo or need a mark.</remarks>
    public static bool CanStart(byte op) => op is (byte)'(' or (byte)'N' or 0x88 or 0x89 or (byte)'I' or (byte)'L' or (byte)'F' or (byte)'J' or (byte)'K'
        or (byte)'M' or 0x8a or 0x8b or (byte)'G' or (byte)'S' or (byte)'T' or (byte)'U' or (byte)'V' or (byte)'X' or 0x8c or 0x8d or (byte)'B'
        or (byte)'C' or 0x8e or 0x96 or 0x97 or (byte)')' or (byte)']' or 0x8f or (byte)'}' or (byte)'c' or (byte)'P' or 0x82 or 0x83 or 0x84
        or 0x80 or 0x95;

    /// <summary>Gets how many opcodes were run.</summary>
    public long Opcodes => _opcodes;

    /// <summary>Gets whether the stream began with a valid PROTO opcode.</summary>
    public bool DeclaresProtocol => _protoSeen;

    /// <summary>Gets how many globals were resolved (GLOBAL, STACK_GLOBAL, INST).</summary>
    public int Globals { get; private set; }

    /// <summary>Runs until STOP, the end of data or a malformed opcode (reported as MOD006 unless probing).</summary>
    /// <exception cref="PickleFormatException">Only when probing: the bytes are not a pickle.</exception>
    public PickleStreamResult Run()
    {
        try
        {
            return Execute();
        }
        catch (PickleFormatException ex) when (!_probe)
        {
            var where = PickleLocation.At(_prefix, ex.Offset);
            var message = $"Malformed pickle: {ex.Message}.";
            var key = $"{_prefix}|malformed|{ex.Message}";
            var evidence = $"offset {ex.Offset}";
            _scan.Report(Globals == 0 && ex.EveryUnpicklerStops
                ? MalformedPickle.CreateInert(_scan.Path, where, message, key, evidence)
                : MalformedPickle.Create(_scan.Path, where, message, key, evidence));
            return new PickleStreamResult(PickleStreamOutcome.Malformed, null);
        }
        catch (PickleLayoutException ex) when (!_probe)
        {
            _scan.Incomplete(PickleLocation.At(_prefix, ex.Offset), ex.Message);
            return new PickleStreamResult(PickleStreamOutcome.Abandoned, null);
        }
    }

    // The loop runs millions of times in one pass. It is not AggressiveOptimization: ReadyToRun skips such methods, so the
    // tool package's precompiled code would be JIT-compiled again in every run.
    private PickleStreamResult Execute()
    {
        var budget = _scan.Budget;
        var token = _scan.CancellationToken;
        _streamStart = _source.Position;
        while (true)
        {
            if (!_probe)
            {
                RunBuffered();
            }

            _opStart = _source.Position;
            if (_frameEnd >= 0 && _opStart >= _frameEnd)
            {
                _frameEnd = -1;
            }

            if (_probe && (_opcodes >= PickleSignature.ProbeOpcodes || _opStart - _streamStart >= PickleSignature.ProbeBytes))
            {
                return new PickleStreamResult(PickleStreamOutcome.Probed, null);
            }

            var op = _source.ReadByte();
            if (op < 0)
            {
                if (_opcodes == 0)
                {
                    return new PickleStreamResult(PickleStreamOutcome.Empty, null);
                }

                throw new PickleFormatException("the stream ends without STOP", _opStart, truncated: true, everyUnpicklerStops: true);
            }

            if ((++_opcodes & 0xFFFF) == 0)
            {
                token.ThrowIfCancellationRequested();
                if (_opcodes > budget.MaxOpcodes)
                {
                    throw new ScanBudgetExceededException($"more than {budget.MaxOpcodes} pickle opcodes");
                }
            }

            if (op == '.')
            {
                CheckFrame();
                CheckLeftovers();
                return new PickleStreamResult(PickleStreamOutcome.Stopped, _count > _fence ? At(_count - 1) : null);
            }

            CheckProtocol(op);
            Step(op);
            CheckFrame();
        }
    }

    // The opcodes data pickles are made of; the others go to StepOther. Keeping this method small keeps its frame small: with
    // every opcode inlined here, zeroing the frame on each call took a sixth of the pass.
    private void Step(int op)
    {
        switch (op)
        {
            case '(': PushMark(); break;
            case 0x94: MemoPut(_memo.Count); break;
            case 'q': MemoPut(ReadU8()); break;
            case 'r': MemoPut(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))); break;
            case 'h': Push(MemoGet(ReadU8())); break;
            case 'j': Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
            case 'N': Push(PickleValue.None); break;
            case 0x88: case 0x89: Push(PickleValue.Opaque); break;
            case 'J': PushInt(BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
            case 'K': Push(IntValue.Of(ReadU8())); break;
            case 'M': Push(IntValue.Of(BinaryPrimitives.ReadUInt16LittleEndian(Read(2)))); break;
            case 'G': Read(8); Push(PickleValue.Opaque); break;
            case 'U': PushBinaryText(ReadU8(), TextKind.Str8); break;
            case 'X': PushBinaryText(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), TextKind.Utf8); break;
            case 0x8c: PushBinaryText(ReadU8(), TextKind.Utf8); break;
            case 'C': PushBinaryText(ReadU8(), TextKind.Bytes); break;
            case '}': PushEmptyDict(); break;
            case 'a': Append(); break;
            case 'e': AppendItems(setItems: false); break;
            case 's': SetItem(); break;
            case 'u': SetItems(); break;
            default: StepOther(op); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StepOther(int op)
    {
        switch (op)
        {
            case '0': PopOrMark(); break;
            case '1': PopMark(); break;
            case '2': Push(Top()); break;
            case 'I': Push(ParseIntLine(ReadLine(), allowBool: true)); break;
            case 'L': Push(ParseIntLine(TrimLong(ReadLine()), allowBool: false)); break;
            case 'F': ParseFloatLine(ReadLine()); Push(PickleValue.Opaque); break;
            case 0x8a: Push(ReadLong(Read(1)[0])); break;
            case 0x8b: Push(ReadLong(CheckedLength(BinaryPrimitives.ReadInt32LittleEndian(Read(4))))); break;
            case 'S': Push(ParseQuotedString(ReadLine())); break;
            case 'T': PushBinaryText(CheckedLength(BinaryPrimitives.ReadInt32LittleEndian(Read(4))), TextKind.Str8); break;
            case 'V': Push(Text(RawUnicodeEscape(ReadLine()), isBytes: false)); break;
            case 0x8d: PushBinaryText(CheckedLength(BinaryPrimitives.ReadInt64LittleEndian(Read(8))), TextKind.Utf8); break;
            case 'B': PushBinaryText(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), TextKind.Bytes); break;
            case 0x8e: PushBinaryText(CheckedLength(BinaryPrimitives.ReadInt64LittleEndian(Read(8))), TextKind.Bytes); break;
            case 0x96: ReadBinaryText(CheckedLength(BinaryPrimitives.ReadInt64LittleEndian(Read(8))), TextKind.Bytes); Push(PickleValue.Opaque); break;
            case 0x97: Push(PickleValue.Opaque); break;
            case 0x98: Top(); break;
            case ')': Push(TupleValue.Empty); break;
            case 't': Push(TupleFrom(PopMarkOnly())); break;
            case 0x85: Push(Tuple([Pop()])); break;
            case 0x86: { var b = Pop(); var a = Pop(); Push(Tuple([a, b])); break; }
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(Tuple([a, b, c])); break; }
            case ']': Push(new ContainerValue(ContainerKind.List)); break;
            case 0x8f: Push(new ContainerValue(ContainerKind.Set)); break;
            case 'l': Push(ContainerFromMark(ContainerKind.List)); break;
            case 0x91: Push(ContainerFromMark(ContainerKind.FrozenSet)); break;
            case 'd': Push(DictFromMark()); break;
            case 0x90: AppendItems(setItems: true); break;
            case 'g': Push(MemoGet(ParseIndexLine(ReadLine()))); break;
            case 'p': MemoPut(ParseIndexLine(ReadLine())); break;
            case 'c': Push(Resolve(DecodeName(ReadLine()), DecodeName(ReadLine()))); break;
            case 0x93: StackGlobal(); break;
            case 'i': Inst(); break;
            case 'o': Obj(); break;
            case 'R': { var args = Pop(); Push(Call(Pop(), args, "REDUCE")); break; }
            case 0x81: { var args = Pop(); Push(Call(Pop(), args, "NEWOBJ")); break; }
            case 0x92: { Pop(); var args = Pop(); Push(Call(Pop(), args, "NEWOBJ_EX")); break; }
            case 'b': Build(); break;
            case 'P': ReadLine(); Push(PickleValue.Opaque); break;
            case 'Q': Push(PersistentLoad(Pop())); break;
            case 0x82: Extension(Read(1)[0]); break;
            case 0x83: Extension(BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break;
            case 0x84: Extension(BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
            case 0x80: Proto(Read(1)[0]); break;
            case 0x95: Frame(BinaryPrimitives.ReadInt64LittleEndian(Read(8))); break;
            default: throw new PickleFormatException($"unknown opcode 0x{op:x2}", _opStart);
        }
    }
}
