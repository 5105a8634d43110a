using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: globals, calls, BUILD and their resolution by the policy.</summary>
internal sealed partial class SymbolicPickleMachine
{
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
        Push(Instance(callable, TupleFrom(PopMarkOnly())));
    }

    private void Obj()
    {
        var mark = PopMarkOnly();
        if (_count == mark)
        {
            throw new PickleFormatException("OBJ without a class", _opStart);
        }

        var args = TupleFrom(mark + 1);
        var callable = Pop();
        Push(Call(callable, args, "OBJ"));
    }

    private InstanceValue Call(PickleValue callable, PickleValue args, string opcode)
    {
        if (callable is GlobalValue global)
        {
            return Instance(global, args);
        }

        // An unknown callable comes from an EXT code or an unresolved STACK_GLOBAL, both already reported.
        if (callable is not OpaqueValue { IsUnknown: true })
        {
            ReportUnresolved(opcode, $"the callable is {Describe(callable)}, not a global");
        }

        return Instance(null, args);
    }

    private InstanceValue Instance(GlobalValue? callable, PickleValue args)
    {
        var instance = new InstanceValue(callable, args);
        CheckExpansion(instance.Size);
        return instance;
    }

    // Legacy torch.save writes every nn.Module class as the persistent id ('module', cls, source_file, source), and
    // torch.load's persistent_load returns cls; plain pickle.load has no persistent_load and refuses the file.
    private static PickleValue PersistentLoad(PickleValue pid) =>
        pid is TupleValue { Items: [TextValue { Text: "module" }, GlobalValue moduleClass, ..] } ? moduleClass : PickleValue.Opaque;

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
                instance.Grow(state.Size);
                CheckExpansion(instance.Size);
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
        // joblib's read_array unpickles object arrays at once; only raw arrays have the padding byte.
        if (layout.AlignmentBytes > 0 && !layout.HasObjects)
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
                _scan.Report(UnknownPickleGlobal.Create(_scan.Path, where, global.FullName, _scan.Policy.BlockUnknownGlobals || name.Contains('.', StringComparison.Ordinal), key, evidence));
                break;
            case PickleGlobalVerdict.RepositoryCode:
                _scan.Report(RepositoryPickleClass.Create(
                    _scan.Path, where, $"Pickle loads `{global.FullName}`, a class of this repository's code: loading the file runs that module, so review it.", key, evidence));
                break;
            default:
                break;
        }

        return global;
    }
}
