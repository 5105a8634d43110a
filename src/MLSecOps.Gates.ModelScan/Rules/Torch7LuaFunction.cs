using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD163: torch7 file holds a serialised Lua function.</summary>
internal static class Torch7LuaFunction
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD163",
        "torch7 file holds a serialised Lua function",
        "A Lua Torch (`.t7`) object stream contains a function (type 6, 7 or 8: `string.dump` bytecode plus its upvalues). `torch.load` compiles it with `loadstring` (LuaJIT does not verify bytecode) and stores it where it was saved; a function saved as a field of a module (`updateOutput`, `forward`) shadows the class method, so using the loaded model runs it.",
        "Do not load the file. Re-save the model from its source without functions in its fields (`model:clearState()`, plain `nn` modules), or convert it to a format without code.",
        Severity.Critical,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-94", "CWE-502"],
        Precision.High,
        example: "A `model.t7` whose `nn.Linear` table has an `updateOutput` field of type 8 (a recursive function) with `os.execute` bytecode.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence) =>
        Finding.Create(Descriptor, new Location(path, 1, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
