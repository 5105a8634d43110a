using System.Text;

namespace MLSecOps.Gates.ModelScan.Formats.HuggingFace;

/// <summary>Finds the line of a JSON key path in the raw text, so that findings in configs point at a line; 1 when not found.</summary>
internal static class JsonKeyLines
{
    /// <summary>Returns the 1-based line of the last of <paramref name="keys"/>, each searched after the previous one.</summary>
    public static int LineOf(ReadOnlySpan<byte> json, params string[] keys)
    {
        var offset = 0;
        foreach (var key in keys)
        {
            var found = json[offset..].IndexOf(Encoding.UTF8.GetBytes($"\"{key}\""));
            if (found < 0)
            {
                return 1;
            }

            offset += found;
        }

        return json[..offset].Count((byte)'\n') + 1;
    }
}
