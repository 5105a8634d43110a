using System.Globalization;

namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>A scalar: its text and whether it was written plain (unquoted), which decides null and booleans.</summary>
internal sealed class YScalar : YNode
{
    public YScalar(string value, bool plain, TextSpan span, bool block = false)
        : base(span)
    {
        Value = value;
        IsPlain = plain;
        IsBlock = block;
    }

    /// <summary>Gets whether the scalar is a literal or folded block (<c>|</c>, <c>&gt;</c>): its text starts on the next line.</summary>
    public bool IsBlock { get; }

    /// <summary>Returns the file line of line <paramref name="index"/> (0-based) of the value.</summary>
    public int LineOf(int index) => IsBlock ? Span.Line + 1 + index : Span.Line + index;

    /// <summary>Gets the text.</summary>
    public string Value { get; }

    /// <summary>Gets whether the scalar was unquoted.</summary>
    public bool IsPlain { get; }

    /// <summary>Gets whether the scalar is a YAML null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Gets whether the scalar is a plain or quoted <c>true</c> (YAML 1.1 spellings included).</summary>
    public bool IsTrue => Value.ToUpperInvariant() is "TRUE" or "YES" or "ON" or "Y";

    /// <summary>Gets whether the scalar is a plain or quoted <c>false</c> (YAML 1.1 spellings included).</summary>
    public bool IsFalse => Value.ToUpperInvariant() is "FALSE" or "NO" or "OFF" or "N";

    /// <summary>Gets the value as an integer, if it is one.</summary>
    public long? AsInteger => long.TryParse(Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
