using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly FileScan _scan;
    private readonly PickleByteSource _source;
    private readonly string _prefix;
    private readonly int _nesting;
    private readonly bool _probe;
    private readonly MemoTable _memo;
    private PickleValue[] _stack = new PickleValue[256];
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

    /// <summary>Gets how many opcodes were run.</summary>
    public long Opcodes => _opcodes;

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
            _scan.Report(MalformedPickle.Create(
                _scan.Path, PickleLocation.At(_prefix, ex.Offset), $"Malformed pickle: {ex.Message}.", $"{_prefix}|malformed|{ex.Message}", $"offset {ex.Offset}"));
            return new PickleStreamResult(PickleStreamOutcome.Malformed, null);
        }
        catch (PickleLayoutException ex) when (!_probe)
        {
            _scan.Incomplete(PickleLocation.At(_prefix, ex.Offset), ex.Message);
            return new PickleStreamResult(PickleStreamOutcome.Abandoned, null);
        }
    }

    private PickleStreamResult Execute()
    {
        var budget = _scan.Budget;
        var token = _scan.CancellationToken;
        while (true)
        {
            _opStart = _source.Position;
            if (_frameEnd >= 0 && _opStart >= _frameEnd)
            {
                _frameEnd = -1;
            }

            var op = _source.ReadByte();
            if (op < 0)
            {
                if (_opcodes == 0)
                {
                    return new PickleStreamResult(PickleStreamOutcome.Empty, null);
                }

                throw new PickleFormatException("the stream ends without STOP", _opStart, truncated: true);
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
                return new PickleStreamResult(PickleStreamOutcome.Stopped, _count > _fence ? _stack[_count - 1] : null);
            }

            CheckProtocol(op);
            Step(op);
            CheckFrame();
        }
    }

    private void Step(int op)
    {
        switch (op)
        {
            case '(': PushMark(); break;
            case '0': PopOrMark(); break;
            case '1': PopMark(); break;
            case '2': Push(Top()); break;
            case 'N': Push(PickleValue.None); break;
            case 0x88: case 0x89: Push(PickleValue.Opaque); break;
            case 'I': Push(ParseIntLine(ReadLine(), allowBool: true)); break;
            case 'L': Push(ParseIntLine(TrimLong(ReadLine()), allowBool: false)); break;
            case 'F': ParseFloatLine(ReadLine()); Push(PickleValue.Opaque); break;
            case 'J': Push(IntValue.Of(BinaryPrimitives.ReadInt32LittleEndian(Read(4)))); break;
            case 'K': Push(IntValue.Of(Read(1)[0])); break;
            case 'M': Push(IntValue.Of(BinaryPrimitives.ReadUInt16LittleEndian(Read(2)))); break;
            case 0x8a: Push(ReadLong(Read(1)[0])); break;
            case 0x8b: Push(ReadLong(CheckedLength(BinaryPrimitives.ReadInt32LittleEndian(Read(4))))); break;
            case 'G': Read(8); Push(PickleValue.Opaque); break;
            case 'S': Push(ParseQuotedString(ReadLine())); break;
            case 'T': Push(ReadBinaryText(CheckedLength(BinaryPrimitives.ReadInt32LittleEndian(Read(4))), TextKind.Str8)); break;
            case 'U': Push(ReadBinaryText(Read(1)[0], TextKind.Str8)); break;
            case 'V': Push(Text(RawUnicodeEscape(ReadLine()), isBytes: false)); break;
            case 'X': Push(ReadBinaryText(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), TextKind.Utf8)); break;
            case 0x8c: Push(ReadBinaryText(Read(1)[0], TextKind.Utf8)); break;
            case 0x8d: Push(ReadBinaryText(CheckedLength(BinaryPrimitives.ReadInt64LittleEndian(Read(8))), TextKind.Utf8)); break;
            case 'B': Push(ReadBinaryText(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)), TextKind.Bytes)); break;
            case 'C': Push(ReadBinaryText(Read(1)[0], TextKind.Bytes)); break;
            case 0x8e: Push(ReadBinaryText(CheckedLength(BinaryPrimitives.ReadInt64LittleEndian(Read(8))), TextKind.Bytes)); break;
            case 0x96: ReadBinaryText(CheckedLength(BinaryPrimitives.ReadInt64LittleEndian(Read(8))), TextKind.Bytes); Push(PickleValue.Opaque); break;
            case 0x97: Push(PickleValue.Opaque); break;
            case 0x98: Top(); break;
            case ')': Push(TupleValue.Empty); break;
            case 't': Push(Tuple(PopToMark())); break;
            case 0x85: Push(Tuple([Pop()])); break;
            case 0x86: { var b = Pop(); var a = Pop(); Push(Tuple([a, b])); break; }
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(Tuple([a, b, c])); break; }
            case ']': case 0x8f: Push(new OpaqueValue("a list")); break;
            case 'l': case 0x91: PopToMark(); Push(new OpaqueValue("a list")); break;
            case '}': Push(new DictValue()); break;
            case 'd': Push(Dict(PopToMark())); break;
            case 'a': Pop(); Top(); break;
            case 'e': case 0x90: DiscardToMark(); Top(); break;
            case 's': { var value = Pop(); var key = Pop(); BuildState(_count - 1)?.Set(key, value); break; }
            case 'u': SetItems(); break;
            case 'g': Push(MemoGet(ParseIndexLine(ReadLine()))); break;
            case 'h': Push(MemoGet(Read(1)[0])); break;
            case 'j': Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
            case 'p': MemoPut(ParseIndexLine(ReadLine())); break;
            case 'q': MemoPut(Read(1)[0]); break;
            case 'r': MemoPut(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))); break;
            case 0x94: MemoPut(_memo.Count); break;
            case 'c': Push(Resolve(DecodeName(ReadLine()), DecodeName(ReadLine()))); break;
            case 0x93: StackGlobal(); break;
            case 'i': Inst(); break;
            case 'o': Obj(); break;
            case 'R': { var args = Pop(); Push(Call(Pop(), args, "REDUCE")); break; }
            case 0x81: { var args = Pop(); Push(Call(Pop(), args, "NEWOBJ")); break; }
            case 0x92: { Pop(); var args = Pop(); Push(Call(Pop(), args, "NEWOBJ_EX")); break; }
            case 'b': Build(); break;
            case 'P': ReadLine(); Push(PickleValue.Opaque); break;
            case 'Q': Pop(); Push(PickleValue.Opaque); break;
            case 0x82: Extension(Read(1)[0]); break;
            case 0x83: Extension(BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break;
            case 0x84: Extension(BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
            case 0x80: Proto(Read(1)[0]); break;
            case 0x95: Frame(BinaryPrimitives.ReadInt64LittleEndian(Read(8))); break;
            default: throw new PickleFormatException($"unknown opcode 0x{op:x2}", _opStart);
        }
    }

    private void CheckProtocol(int op)
    {
        // pickle.dump never writes an opcode newer than the protocol it declares (no PROTO means protocol 0 or 1).
        var needed = op switch
        {
            >= 0x96 and <= 0x98 => 5,
            >= 0x8c and <= 0x95 => 4,
            'B' or 'C' => 3,
            >= 0x80 and <= 0x8b => 2,
            _ => 0,
        };
        if (needed <= _protocol || _protocolMismatch || _probe || op == 0x80)
        {
            return;
        }

        _protocolMismatch = true;
        _scan.Report(MalformedPickle.Create(
            _scan.Path,
            PickleLocation.At(_prefix, _opStart),
            $"Malformed pickle: opcode 0x{op:x2} at offset {_opStart} needs protocol {needed} but the stream declares protocol {(_protoSeen ? _protocol : "0 or 1")}.",
            $"{_prefix}|protocol",
            $"offset {_opStart}"));
    }

    private void CheckFrame()
    {
        if (_frameEnd >= 0 && _source.Position > _frameEnd && !_frameViolation)
        {
            ReportFrameViolation($"the opcode at offset {_opStart} runs past the end of its frame at offset {_frameEnd}");
        }
    }

    private void Frame(long length)
    {
        if (length < 0)
        {
            throw new PickleFormatException("negative frame length", _opStart);
        }

        if (_source.Remaining is { } remaining && length > remaining)
        {
            // CPython reads the whole frame first and fails here: nothing after this opcode runs.
            throw new PickleFormatException($"a frame of {length} bytes runs past the end of the data", _opStart, truncated: true);
        }

        if (_frameEnd >= 0 && _opStart < _frameEnd && !_frameViolation)
        {
            ReportFrameViolation($"a FRAME at offset {_opStart} starts inside the frame that ends at offset {_frameEnd}");
        }

        _frameEnd = _source.Position + length;
    }

    private void ReportFrameViolation(string message)
    {
        if (_probe)
        {
            throw new PickleFormatException("frame violation", _opStart);
        }

        _frameViolation = true;
        _scan.Report(PickleFrameViolation.Create(_scan.Path, PickleLocation.At(_prefix, _opStart), $"Pickle frame violation: {message}.", $"{_prefix}|frame", $"offset {_opStart}"));
    }

    private void Proto(int protocol)
    {
        if (protocol > 5)
        {
            throw new PickleFormatException($"unsupported pickle protocol {protocol}", _opStart);
        }

        if ((_protoSeen || _opcodes > 1) && !_probe)
        {
            _scan.Report(MalformedPickle.Create(
                _scan.Path, PickleLocation.At(_prefix, _opStart), "Malformed pickle: a PROTO opcode appears after the start of the stream.", $"{_prefix}|proto", $"offset {_opStart}"));
        }

        _protoSeen = true;
        _protocol = Math.Max(_protocol, protocol);
    }

    private void Extension(long code)
    {
        if (_probe)
        {
            throw new PickleFormatException("extension code", _opStart);
        }

        _scan.Report(PickleExtensionCode.Create(
            _scan.Path, PickleLocation.At(_prefix, _opStart), $"Pickle calls extension code {code}, a callable the scanner cannot know.", $"{_prefix}|ext|{code}", $"EXT {code}"));
        Push(PickleValue.Unknown);
    }

    private void StackGlobal()
    {
        var name = Pop();
        var module = Pop();
        if (module is TextValue { Text: { } m, IsBytes: false } && name is TextValue { Text: { } n, IsBytes: false })
        {
            Push(Resolve(m, n));
            return;
        }

        ReportUnresolved("STACK_GLOBAL", $"module and name are {Describe(module)} and {Describe(name)}, not literal strings");
        Push(PickleValue.Unknown);
    }

    private void Inst()
    {
        var callable = Resolve(DecodeName(ReadLine()), DecodeName(ReadLine()));
        var args = PopToMark();
        Push(new InstanceValue(callable, Tuple(args)));
    }

    private void Obj()
    {
        var items = PopToMark();
        if (items.Count == 0)
        {
            throw new PickleFormatException("OBJ without a class", _opStart);
        }

        Push(Call(items[0], Tuple(items.Skip(1).ToList()), "OBJ"));
    }

    private InstanceValue Call(PickleValue callable, PickleValue args, string opcode)
    {
        if (callable is GlobalValue global)
        {
            return new InstanceValue(global, args);
        }

        // An unknown callable comes from an EXT code or an unresolved STACK_GLOBAL, both already reported.
        if (!ReferenceEquals(callable, PickleValue.Unknown))
        {
            ReportUnresolved(opcode, $"the callable is {Describe(callable)}, not a global");
        }

        return new InstanceValue(null, args);
    }

    private void ReportUnresolved(string opcode, string why)
    {
        if (_probe)
        {
            throw new PickleFormatException("unresolved call", _opStart);
        }

        _scan.Report(UnresolvedPickleCallable.Create(
            _scan.Path, PickleLocation.At(_prefix, _opStart), $"Pickle {opcode} cannot be resolved: {why}.", $"{_prefix}|unresolved|{opcode}|{_opStart}", $"{opcode} at offset {_opStart}"));
    }

    private void Build()
    {
        var state = Pop();
        var target = Top();
        switch (target)
        {
            case GlobalValue global:
                if (_probe)
                {
                    throw new PickleFormatException("BUILD on a global", _opStart);
                }

                _scan.Report(PickleGlobalMutation.Create(
                    _scan.Path, PickleLocation.At(_prefix, _opStart), $"Pickle BUILD sets attributes on `{global.FullName}` itself.", $"{_prefix}|mutate|{global.FullName}", global.FullName));
                break;
            case InstanceValue instance:
                instance.State = state;
                if (!_probe && JoblibArrayLayout.IsArrayWrapper(instance.Callable))
                {
                    SkipJoblibArray(instance);
                }

                break;
            default:
                break;
        }
    }

    private void SkipJoblibArray(InstanceValue wrapper)
    {
        // joblib writes the array's raw bytes (or, for object arrays, a protocol-2 pickle) right after the wrapper's BUILD.
        if (_frameEnd >= 0 && _source.Position >= _frameEnd)
        {
            _frameEnd = -1;
        }

        var layout = JoblibArrayLayout.From(wrapper.State)
            ?? throw new PickleLayoutException("a joblib array's shape or dtype cannot be read, so the bytes after it were not scanned", _opStart);
        if (layout.AlignmentBytes > 0)
        {
            var padding = _source.ReadByte();
            if (padding < 0 || !_source.Skip(padding))
            {
                throw new PickleFormatException("the joblib array padding is truncated", _opStart, truncated: true);
            }
        }

        if (layout.HasObjects)
        {
            if (_nesting >= _scan.Budget.MaxNestedPickleDepth)
            {
                throw new PickleLayoutException("joblib object arrays nest deeper than the budget", _opStart);
            }

            var inner = new SymbolicPickleMachine(_scan, _source, _prefix, _nesting + 1).Run();
            if (inner.Outcome is not PickleStreamOutcome.Stopped)
            {
                throw new PickleLayoutException("the joblib object array's pickle did not end cleanly", _opStart);
            }

            return;
        }

        if (layout.ByteCount is not { } bytes || !_source.Skip(bytes))
        {
            throw new PickleFormatException("the joblib array data is truncated or of unknown size", _opStart, truncated: true);
        }
    }

    private GlobalValue Resolve(string module, string name)
    {
        var global = new GlobalValue(module, name, _opStart);
        if (_probe)
        {
            if (!IdentifierPattern().IsMatch(module) || !IdentifierPattern().IsMatch(name))
            {
                throw new PickleFormatException("not an identifier", _opStart);
            }

            Globals++;
            return global;
        }

        Globals++;

        var verdict = _scan.Policy.Judge(module, name);
        var where = PickleLocation.At(_prefix, _opStart);
        var key = $"{_prefix}|{global.FullName}";
        var evidence = $"{global.FullName} (offset {_opStart})";
        switch (verdict)
        {
            case PickleGlobalVerdict.Dangerous:
                _scan.Report(DangerousPickleGlobal.Create(_scan.Path, where, $"Pickle calls dangerous `{global.FullName}`, which runs when the file is loaded.", key, evidence));
                break;
            case PickleGlobalVerdict.Traversal:
                _scan.Report(PickleAttributeTraversal.Create(_scan.Path, where, $"Pickle global `{global.FullName}` reaches through dunder attributes.", key, evidence));
                break;
            case PickleGlobalVerdict.Unknown:
                _scan.Report(UnknownPickleGlobal.Create(_scan.Path, where, $"Pickle references `{global.FullName}`, which is not on the allowlist.", key, evidence));
                break;
            default:
                break;
        }

        return global;
    }

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

    private ReadOnlySpan<byte> Read(int count) =>
        _source.TryRead(count, out var bytes) ? bytes : throw new PickleFormatException("the stream ends inside an opcode", _opStart, truncated: true);

    private ReadOnlySpan<byte> ReadLine() =>
        _source.TryReadLine(MaxLine, out var line) ? line : throw new PickleFormatException("the stream ends inside a text line", _opStart, truncated: true);

    private long CheckedLength(long length) =>
        length >= 0 ? length : throw new PickleFormatException("negative length", _opStart);

    private string DecodeName(ReadOnlySpan<byte> line)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            throw new PickleFormatException("a GLOBAL name is not UTF-8", _opStart);
        }
    }

    private TextValue Text(string text, bool isBytes) => new(text, text.Length, isBytes);

    private TextValue ReadBinaryText(long length, TextKind kind)
    {
        var isBytes = kind == TextKind.Bytes;
        var bytesLike = kind != TextKind.Utf8;
        if (length <= PickleByteSource.MaxSpan)
        {
            var span = Read((int)length);
            if (bytesLike)
            {
                CheckNested(span, length);
            }

            if (length > KeepTextLength)
            {
                return new TextValue(null, length, isBytes);
            }

            return kind == TextKind.Utf8 ? Text(Encoding.UTF8.GetString(span), false) : Text(Encoding.Latin1.GetString(span), kind == TextKind.Bytes);
        }

        if (bytesLike && !_probe && length <= _scan.Budget.MaxNestedPickleBytes && PickleSignature.CouldStart(_source.Peek(3)))
        {
            var buffer = new byte[length];
            var filled = 0;
            while (filled < length)
            {
                var chunk = (int)Math.Min(PickleByteSource.MaxSpan, length - filled);
                Read(chunk).CopyTo(buffer.AsSpan(filled));
                filled += chunk;
            }

            CheckNested(buffer, length);
        }
        else if (!_source.Skip(length))
        {
            throw new PickleFormatException("the stream ends inside a literal", _opStart, truncated: true);
        }

        return new TextValue(null, length, isBytes);
    }

    private void CheckNested(ReadOnlySpan<byte> bytes, long length)
    {
        if (_probe || length < 4 || !PickleSignature.CouldStart(bytes) || !PickleSignature.IsPickle(bytes[..Math.Min(bytes.Length, 512)]))
        {
            return;
        }

        var where = PickleLocation.At(_prefix, _opStart);
        _scan.Report(NestedPickle.Create(_scan.Path, where, $"A {length}-byte literal inside the pickle is itself a pickle; it was scanned too.", $"{_prefix}|nested|{_opStart}", $"offset {_opStart}"));
        if (_nesting + 1 > _scan.Budget.MaxNestedPickleDepth)
        {
            _scan.Incomplete(where, "pickles nested deeper than the budget were not scanned");
            return;
        }

        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        PickleStreamScanner.ScanStreams(_scan, stream, where + ">", _nesting + 1, PickleStreamLayout.Plain);
    }

    private static string Describe(PickleValue value) => value switch
    {
        TextValue { Text: null } => "a string the scanner did not keep",
        TextValue { IsBytes: true } => "bytes",
        TextValue => "a string",
        GlobalValue g => $"global {g.FullName}",
        InstanceValue { Callable: { } c } => $"the result of calling {c.FullName}",
        InstanceValue => "the result of an unresolved call",
        _ => value.ToString() ?? "a value",
    };

    private PickleValue ParseIntLine(ReadOnlySpan<byte> line, bool allowBool)
    {
        var text = Encoding.ASCII.GetString(line).Trim();
        if (allowBool && (text == "00" || text == "01"))
        {
            return PickleValue.Opaque;
        }

        var negative = text.StartsWith('-');
        var digits = negative || text.StartsWith('+') ? text[1..] : text;
        BigInteger value;
        var ok = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? BigInteger.TryParse("0" + digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || digits.Length == 0 || digits.Length > 4300)
        {
            throw new PickleFormatException("invalid integer literal", _opStart);
        }

        return new IntValue(negative ? -value : value);
    }

    private static ReadOnlySpan<byte> TrimLong(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == 'L' ? line[..^1] : line;

    private void ParseFloatLine(ReadOnlySpan<byte> line)
    {
        var text = Encoding.ASCII.GetString(line).Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && text is not ("nan" or "inf" or "-inf"))
        {
            throw new PickleFormatException("invalid float literal", _opStart);
        }
    }

    private IntValue ReadLong(long length)
    {
        if (length > 64)
        {
            if (!_source.Skip(length))
            {
                throw new PickleFormatException("the stream ends inside a long", _opStart, truncated: true);
            }

            return new IntValue(BigInteger.MinusOne);
        }

        return new IntValue(new BigInteger(Read((int)length), isUnsigned: false, isBigEndian: false));
    }

    private long ParseIndexLine(ReadOnlySpan<byte> line) =>
        long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new PickleFormatException("invalid memo index", _opStart);

    private TextValue ParseQuotedString(ReadOnlySpan<byte> line)
    {
        // STRING is a Python repr: quoted with ' or ", backslash escapes; decoded as ASCII like CPython's default encoding.
        // Like _pickle.c, only the newline is stripped: a stray \r before it leaves the argument unquoted.
        var trimmed = line;
        if (trimmed.Length < 2 || trimmed[0] != trimmed[^1] || (trimmed[0] != '\'' && trimmed[0] != '"'))
        {
            throw new PickleFormatException("the STRING opcode argument is not quoted", _opStart);
        }

        var body = trimmed[1..^1];
        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b != '\\' || i + 1 >= body.Length)
            {
                builder.Append((char)b);
                continue;
            }

            var e = body[++i];
            switch (e)
            {
                case (byte)'n': builder.Append('\n'); break;
                case (byte)'t': builder.Append('\t'); break;
                case (byte)'r': builder.Append('\r'); break;
                case (byte)'x' when i + 2 < body.Length && byte.TryParse(body.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex):
                    builder.Append((char)hex);
                    i += 2;
                    break;
                default: builder.Append((char)e); break;
            }
        }

        var text = builder.ToString();
        CheckNested(Encoding.Latin1.GetBytes(text), text.Length);
        return Text(text, isBytes: false);
    }

    private static string RawUnicodeEscape(ReadOnlySpan<byte> line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 5 < line.Length && line[i + 1] == 'u'
                && int.TryParse(line.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 5;
            }
            else if (line[i] == '\\' && i + 9 < line.Length && line[i + 1] == 'U'
                && int.TryParse(line.Slice(i + 2, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var wide) && wide <= 0x10FFFF)
            {
                builder.Append(char.ConvertFromUtf32(wide));
                i += 9;
            }
            else
            {
                builder.Append((char)line[i]);
            }
        }

        return builder.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial System.Text.RegularExpressions.Regex IdentifierPattern();

    /// <summary>How a binary text literal decodes: UTF-8 str, 8-bit str (protocol 0–2 STRING) or bytes.</summary>
    private enum TextKind
    {
        Utf8,
        Str8,
        Bytes,
    }
}
