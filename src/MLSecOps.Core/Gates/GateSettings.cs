namespace MLSecOps.Core.Gates;

/// <summary>A gate's policy section, validated against its <see cref="SettingDescriptor"/>s.</summary>
public sealed class GateSettings
{
    private readonly IReadOnlyDictionary<string, object> _values;

    /// <summary>Initializes a new instance of the <see cref="GateSettings"/> class.</summary>
    /// <param name="values">Values by key: string, bool, int, string list or string-list map.</param>
    public GateSettings(IReadOnlyDictionary<string, object> values) => _values = values;

    /// <summary>Gets empty settings: every gate default applies.</summary>
    public static GateSettings Empty { get; } = new(new Dictionary<string, object>());

    /// <summary>Gets a string value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="null"/> when not set.</returns>
    public string? GetString(string key) => _values.TryGetValue(key, out var v) ? v as string : null;

    /// <summary>Gets a list value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The list, empty when not set.</returns>
    public IReadOnlyList<string> GetList(string key) =>
        _values.TryGetValue(key, out var v) && v is IReadOnlyList<string> list ? list : [];

    /// <summary>Gets a map value such as <c>allowed-globals</c>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The map, empty when not set.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GetMap(string key) =>
        _values.TryGetValue(key, out var v) && v is IReadOnlyDictionary<string, IReadOnlyList<string>> map
            ? map
            : new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets a boolean value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">The value when not set.</param>
    /// <returns>The value.</returns>
    public bool GetBoolean(string key, bool defaultValue) => _values.TryGetValue(key, out var v) && v is bool b ? b : defaultValue;

    /// <summary>Gets an integer value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">The value when not set.</param>
    /// <returns>The value.</returns>
    public int GetInteger(string key, int defaultValue) => _values.TryGetValue(key, out var v) && v is int i ? i : defaultValue;

    /// <summary>Returns whether <paramref name="key"/> was set in the policy.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it was set.</returns>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>Returns a copy with <paramref name="key"/> set to <paramref name="value"/>, for values only the CLI can resolve (an executable on the PATH).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value: string, bool, int, string list or string-list map.</param>
    /// <returns>The new settings.</returns>
    public GateSettings With(string key, object value) =>
        new(new Dictionary<string, object>(_values, StringComparer.Ordinal) { [key] = value });
}
