using System.Globalization;
using Microsoft.CodeAnalysis.Sarif;
using Newtonsoft.Json;

namespace MLSecOps.Reporting.Sarif;

/// <summary>A SARIF property bag held as the compact JSON Newtonsoft writes for each value, put on an SDK object in one step.</summary>
/// <remarks>Sarif.Sdk's <c>SetProperty&lt;T&gt;</c> serialises every value that is not a string with <c>JsonConvert.SerializeObject</c>,
/// Newtonsoft's reflection-based serializer, which NativeAOT cannot keep (IL2026/IL3050 in Newtonsoft.Json). The values here are
/// strings, integers, booleans and string lists, whose JSON needs no reflection; <c>JsonConvert.ToString</c> escapes strings
/// exactly as the SDK does. SarifLogJsonTests compares the result byte for byte with the SDK's own serialisation.</remarks>
internal sealed class SarifPropertyBag
{
    private readonly Dictionary<string, SerializedPropertyInfo> _values = new(StringComparer.Ordinal);

    /// <summary>Gets whether the bag holds no property.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>Sets a string property.</summary>
    public SarifPropertyBag Set(string name, string value)
    {
        _values[name] = new SerializedPropertyInfo(JsonConvert.ToString(value), true);
        return this;
    }

    /// <summary>Sets an integer property.</summary>
    public SarifPropertyBag Set(string name, int value) => SetJson(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sets a boolean property.</summary>
    public SarifPropertyBag Set(string name, bool value) => SetJson(name, value ? "true" : "false");

    /// <summary>Sets a property that is a list of strings.</summary>
    public SarifPropertyBag Set(string name, IEnumerable<string> values) =>
        SetJson(name, "[" + string.Join(',', values.Select(JsonConvert.ToString)) + "]");

    /// <summary>Replaces the properties of <paramref name="holder"/> with this bag's, in the order they were set.</summary>
    public void ApplyTo(PropertyBagHolder holder)
    {
        if (IsEmpty)
        {
            return;
        }

        // The SDK offers no public setter for serialised values; a constructor takes them and SetPropertiesFrom copies them.
        holder.SetPropertiesFrom(new MultiformatMessageString(null, null, _values));
    }

    private SarifPropertyBag SetJson(string name, string json)
    {
        _values[name] = new SerializedPropertyInfo(json, false);
        return this;
    }
}
