using System.Globalization;
using System.Text;

namespace MLSecOps.Reporting.Sarif;

/// <summary>Indented JSON text exactly as Newtonsoft.Json writes it (two spaces, <c>"name": value</c>, minimal escaping with
/// lower-case hex), so SARIF written without reflection reads and diffs the same as before.</summary>
/// <param name="writer">The destination.</param>
internal sealed class SarifJsonText(TextWriter writer)
{
    // Per open container: whether it already holds a value (a comma and a new line come before the next one).
    private readonly Stack<bool> _filled = new();
    private bool _afterName;

    public void StartObject() => Open('{');

    public void EndObject() => Close('}');

    public void StartArray() => Open('[');

    public void EndArray() => Close(']');

    /// <summary>Writes a property name; the next call writes its value.</summary>
    public void Name(string name)
    {
        BeforeValue();
        WriteString(name);
        writer.Write(": ");
        _afterName = true;
    }

    public void String(string value)
    {
        BeforeValue();
        WriteString(value);
    }

    public void Number(int value)
    {
        BeforeValue();
        writer.Write(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes JSON text that is already serialised (property-bag values), as it is.</summary>
    public void Raw(string json)
    {
        BeforeValue();
        writer.Write(json);
    }

    public void Property(string name, string? value)
    {
        if (value is not null)
        {
            Name(name);
            String(value);
        }
    }

    private void Open(char bracket)
    {
        BeforeValue();
        writer.Write(bracket);
        _filled.Push(false);
    }

    private void Close(char bracket)
    {
        if (_filled.Pop())
        {
            NewLine();
        }

        writer.Write(bracket);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_filled.Count == 0)
        {
            return;
        }

        if (_filled.Pop())
        {
            writer.Write(',');
        }

        _filled.Push(true);
        NewLine();
    }

    private void NewLine()
    {
        writer.Write(writer.NewLine);
        for (var i = 0; i < _filled.Count; i++)
        {
            writer.Write("  ");
        }
    }

    private void WriteString(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                < ' ' or '\u0085' or '\u2028' or '\u2029' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        writer.Write(text.Append('"'));
    }
}
