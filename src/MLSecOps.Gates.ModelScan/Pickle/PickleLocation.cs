namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Builds logical paths such as <c>archive/data.pkl@offset 123</c>; a nested pickle's prefix ends in <c>&gt;</c>.</summary>
internal static class PickleLocation
{
    /// <summary>Returns the logical path of <paramref name="offset"/> inside the pickle named <paramref name="prefix"/>.</summary>
    public static string At(string prefix, long offset) => $"{prefix}@offset {offset}";
}
