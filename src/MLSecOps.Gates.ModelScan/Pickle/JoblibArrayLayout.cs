using System.Numerics;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// The raw bytes joblib writes after a <c>NumpyArrayWrapper</c>'s BUILD (joblib <c>numpy_pickle.py</c>, <c>write_array</c>):
/// an optional padding-length byte and padding, then shape × itemsize bytes, or a protocol-2 pickle for object arrays.
/// </summary>
/// <param name="ByteCount">The data size, or null when unknown.</param>
/// <param name="HasObjects">Whether the array holds Python objects (then a pickle follows).</param>
/// <param name="AlignmentBytes">The alignment joblib padded to, or 0.</param>
internal sealed record JoblibArrayLayout(long? ByteCount, bool HasObjects, int AlignmentBytes)
{
    /// <summary>Returns whether <paramref name="callable"/> is joblib's array wrapper class.</summary>
    public static bool IsArrayWrapper(GlobalValue? callable) =>
        callable is { Name: "NumpyArrayWrapper", Module: "joblib.numpy_pickle" or "sklearn.externals.joblib.numpy_pickle" };

    /// <summary>Reads the layout from the wrapper's state dict, or null when shape or dtype are not literal.</summary>
    public static JoblibArrayLayout? From(PickleValue? state)
    {
        if (state is not DictValue dict
            || !dict.Items.TryGetValue("shape", out var shapeValue) || shapeValue is not TupleValue shape
            || !dict.Items.TryGetValue("dtype", out var dtypeValue) || dtypeValue is not InstanceValue dtype
            || NumpyDtype.From(dtype) is not { } type)
        {
            return null;
        }

        var alignment = dict.Items.TryGetValue("numpy_array_alignment_bytes", out var a) && a is IntValue { Value: var align } ? (int)BigInteger.Min(align, 4096) : 0;
        if (type.HasObjects)
        {
            return new JoblibArrayLayout(null, true, alignment);
        }

        BigInteger count = 1;
        foreach (var dimension in shape.Items)
        {
            if (dimension is not IntValue { Value: var d } || d < 0)
            {
                return null;
            }

            count *= d;
        }

        var bytes = count * type.ItemSize;
        return bytes > long.MaxValue || shape.Items.Count >= TupleValue.MaxItems ? null : new JoblibArrayLayout((long)bytes, false, alignment);
    }
}
