namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>A string key given a value outside a call: <c>{"key": value}</c> or <c>kwargs["key"] = value</c>.</summary>
/// <param name="Key">The key.</param>
/// <param name="At">The key's token.</param>
/// <param name="Value">The value.</param>
/// <param name="Scope">The names in force there.</param>
internal sealed record PythonKeyValue(string Key, PythonToken At, PythonExpression Value, PythonScope Scope);
