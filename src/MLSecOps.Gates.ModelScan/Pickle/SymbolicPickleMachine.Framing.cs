using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: Protocol and frame checks.</summary>
internal sealed partial class SymbolicPickleMachine
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckProtocol(int op)
    {
        // pickle.dump never writes an opcode newer than the protocol it declares (no PROTO means protocol 0 or 1). Checked on every
        // opcode, so the common ones leave first.
        if (_protocolMismatch || _probe || (op < 0x80 && op is not ('B' or 'C')))
        {
            return;
        }

        var needed = op switch
        {
            >= 0x96 and <= 0x98 => 5,
            >= 0x8c and <= 0x95 => 4,
            'B' or 'C' => 3,
            >= 0x80 and <= 0x8b => 2,
            _ => 0,
        };
        if (needed <= _protocol || op == 0x80)
        {
            return;
        }

        ReportProtocolMismatch(op, needed);
    }

    // Out of line: the message is built only when reported, not in the loop that checks every opcode.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportProtocolMismatch(int op, int needed)
    {
        // CPython's load() dispatches every opcode whatever PROTO said, so this is a note, never a reason to stop reading.
        _protocolMismatch = true;
        _scan.Report(PickleProtocolDeviation.Create(
            _scan.Path,
            PickleLocation.At(_prefix, _opStart),
            $"Opcode 0x{op:x2} at offset {_opStart} belongs to protocol {needed} but the stream declares protocol {(_protoSeen ? _protocol : "0 or 1")}; CPython reads it anyway.",
            $"{_prefix}|protocol",
            $"offset {_opStart}"));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckFrame()
    {
        if (_frameEnd >= 0 && _source.Position > _frameEnd && !_frameViolation)
        {
            ReportFrameOverrun();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportFrameOverrun() =>
        ReportFrameViolation($"the opcode at offset {_opStart} runs past the end of its frame at offset {_frameEnd}");

    private void Frame(long length)
    {
        if (length < 0)
        {
            throw new PickleFormatException("negative frame length", _opStart);
        }

        if (_source.Remaining is { } remaining && length > remaining)
        {
            // The C unpickler fails here, but pickle._Unpickler (joblib's) reads the short frame and runs what is in it: so do we.
            if (_probe)
            {
                throw new PickleFormatException($"a frame of {length} bytes runs past the end of the data", _opStart, truncated: true);
            }

            _scan.Report(MalformedPickle.Create(
                _scan.Path,
                PickleLocation.At(_prefix, _opStart),
                $"Malformed pickle: a frame of {length} bytes runs past the end of the data ({remaining} bytes are left). CPython's C unpickler stops here, but the pure-Python one that joblib uses reads the short frame, so what follows was scanned too.",
                $"{_prefix}|short-frame",
                $"offset {_opStart}"));
            length = remaining;
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
            _scan.Report(PickleProtocolDeviation.Create(
                _scan.Path, PickleLocation.At(_prefix, _opStart), "A PROTO opcode appears after the start of the stream; CPython accepts it.", $"{_prefix}|proto", $"offset {_opStart}"));
        }

        _protoSeen = true;
        _protocol = Math.Max(_protocol, protocol);
    }

    private void Extension(long code)
    {
        _scan.Report(PickleExtensionCode.Create(
            _scan.Path, PickleLocation.At(_prefix, _opStart), $"Pickle calls extension code {code}, a callable the scanner cannot know.", $"{_prefix}|ext|{code}", $"EXT {code}"));
        Push(PickleValue.Unknown);
    }
}
