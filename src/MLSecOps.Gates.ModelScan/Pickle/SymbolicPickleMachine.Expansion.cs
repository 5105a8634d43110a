using System.Globalization;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// The symbolic pickle machine: the expansion estimate. Every tuple, list, dict, set and instance carries how many containers it
/// would be with its shared references expanded (a memo GET or DUP of a container counts all of it again), which is what printing,
/// hashing, comparing or serialising the loaded object walks. A stream writes at most one container per opcode, so a size far
/// beyond the opcodes read comes only from repeated references: a memo or DUP expansion bomb.
/// </summary>
internal sealed partial class SymbolicPickleMachine
{
    private const int LeftoverLimit = 100;
    private bool _expansionReported;

    private void CheckExpansion(double size)
    {
        if (size - _opcodes <= _scan.Budget.MaxPickleExpansion || _expansionReported || _probe)
        {
            return;
        }

        _expansionReported = true;
        var where = PickleLocation.At(_prefix, _opStart);
        var containers = size < 1e15 ? size.ToString("N0", CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"about 2^{Math.Min(Math.Log2(size), 128):F0}");
        _scan.Report(PickleExpansionBomb.Create(
            _scan.Path,
            where,
            string.Create(CultureInfo.InvariantCulture, $"Pickle builds a value that expands to {containers} containers from {_opcodes} opcodes by repeating references (memo GET or DUP of growing containers), beyond the budget of {_scan.Budget.MaxPickleExpansion:N0}."),
            $"{_prefix}|expansion",
            $"offset {_opStart}"));
    }

    // pickle.dump leaves exactly the returned value on the stack. A few leftovers are common in hand-made streams (and harmless);
    // more than LeftoverLimit values or marks are a run of DUPs or pushes padding the stack, as stack-expansion bombs do.
    private void CheckLeftovers()
    {
        var left = _count - 1;
        if (_probe || Math.Max(left, 0) + _markCount <= LeftoverLimit)
        {
            return;
        }

        _scan.Report(PickleStackLeftovers.Create(
            _scan.Path,
            PickleLocation.At(_prefix, _opStart),
            string.Create(CultureInfo.InvariantCulture, $"Pickle STOP leaves {Math.Max(left, 0)} unused values and {_markCount} marks on the stack, which pickle.dump never writes."),
            $"{_prefix}|leftovers",
            $"offset {_opStart}"));
    }
}
