namespace MLSecOps.Gates.ModelScan.Formats.TensorFlow;

/// <summary>One op found in a TensorFlow graph: its type and where it is (node name, prefixed by function or enclosing node).</summary>
/// <param name="LogicalPath">The node's path, such as <c>__inference_call_42/write</c>.</param>
/// <param name="Op">The op type, such as <c>WriteFile</c>.</param>
internal sealed record GraphOp(string LogicalPath, string Op);
