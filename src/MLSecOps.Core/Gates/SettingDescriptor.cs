namespace MLSecOps.Core.Gates;

/// <summary>The shape of a value in a gate's policy section.</summary>
public enum SettingKind
{
    /// <summary>A scalar string.</summary>
    String,

    /// <summary>A list of strings.</summary>
    StringList,

    /// <summary>A mapping from string to a list of strings, such as <c>allowed-globals</c>.</summary>
    StringListMap,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A whole number.</summary>
    Integer,
}

/// <summary>One key a gate's policy section accepts.</summary>
/// <param name="Key">The key as written in <c>.mlsecops.yml</c>, such as <c>allowed-licenses</c>.</param>
/// <param name="Kind">The shape of its value.</param>
/// <param name="Description">What it does and its default, for docs and error messages.</param>
public sealed record SettingDescriptor(string Key, SettingKind Kind, string Description);
