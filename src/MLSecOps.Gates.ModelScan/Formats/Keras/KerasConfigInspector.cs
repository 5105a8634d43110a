using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Keras;

/// <summary>Inspects a Keras model config (JSON) for layers and references that run code on load, at any nesting depth.</summary>
internal static class KerasConfigInspector
{
    /// <summary>The JSON nesting the inspector accepts; real configs of nested models stay far below it.</summary>
    public const int MaxDepth = 256;

    // Keras itself, its official model libraries (KerasHub presets name keras_hub modules), TensorFlow and NumPy.
    private static readonly string[] KnownRoots = ["keras", "keras_hub", "keras_nlp", "keras_cv", "tensorflow", "tf_keras", "tf", "numpy", "math"];

    // Modules whose import from a config is an attack, not a custom layer (CVE-2025-1550 and its follow-ups).
    private static readonly HashSet<string> DangerousRoots = new(StringComparer.Ordinal)
    {
        "os", "posix", "nt", "sys", "subprocess", "builtins", "__builtin__", "importlib", "shutil", "socket", "http", "urllib",
        "requests", "pickle", "_pickle", "marshal", "ctypes", "code", "codeop", "compileall", "runpy", "webbrowser", "tempfile",
        "signal", "multiprocessing", "threading", "pty", "commands", "pdb", "profile", "cProfile", "trace", "pip", "setuptools",
        "distutils", "io", "_io", "pathlib", "shlex", "asyncio", "pkgutil", "zipimport", "types", "inspect", "operator", "functools",
    };

    // TFOpLambda names a tf.* symbol; most are arithmetic, these reach files or Python.
    private static readonly string[] DangerousTfSymbols =
        ["io.", "compat.v1.io.", "py_function", "numpy_function", "compat.v1.py_func", "raw_ops.", "data.experimental.save", "saved_model.", "summary."];

    private static readonly string[] ModuleKeys = ["module", "fn_module", "function_module"];

    // Raw-text gadgets, checked before parsing so that malformed JSON cannot hide them.
    private static readonly (string Token, string Cve)[] Gadgets =
    [
        ("get_file", "CVE-2025-8747"),
        ("enable_unsafe_deserialization", "CVE-2025-9906"),
        ("TorchModuleWrapper", "CVE-2025-49655"),
    ];

    /// <summary>Inspects <paramref name="json"/>, reporting against <paramref name="path"/> with logical paths under <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<Finding> Inspect(string path, string prefix, string json)
    {
        var findings = new List<Finding>();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = MaxDepth });
            Walk(path, prefix, document.RootElement, "", insideLambda: false, findings);
            FindGadgets(path, prefix, document.RootElement, "", callableContext: false, hasUrl: false, findings);
        }
        catch (JsonException ex)
        {
            // Unparsable JSON is already a block (MOD001 high); the raw text still names any gadget it mentions.
            foreach (var (token, cve) in Gadgets.Where(g => json.Contains(g.Token, StringComparison.Ordinal)))
            {
                findings.Add(KerasDeserializationGadget.Create(path, prefix, $"The Keras config names '{token}' ({cve}); loading the model can run code or turn safe mode off.", token));
            }

            findings.Add(IncompleteScan.Create(path, prefix, $"the Keras config is not valid JSON or nests deeper than {MaxDepth} ({ex.Message})"));
        }

        return findings;
    }

    // A gadget name counts where Keras would resolve it as a callable: spelt with its module (`keras.config.enable_unsafe_deserialization`),
    // as the class of an object (`TorchModuleWrapper`), or as a plain value inside an object that names a module or is a function
    // reference (`get_file` also beside a URL, its download origin). The same word in a note, or as a value of a layer without a module, is not resolved.
    private static void FindGadgets(string path, string prefix, JsonElement element, string jsonPath, bool callableContext, bool hasUrl, List<Finding> findings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var here = callableContext || ModuleKeys.Any(k => !string.IsNullOrEmpty(StringProperty(element, k)))
                    || StringProperty(element, "class_name") is "function" or "__function__";
                var url = hasUrl || element.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Contains("://", StringComparison.Ordinal));
                foreach (var property in element.EnumerateObject())
                {
                    var child = jsonPath.Length == 0 ? property.Name : $"{jsonPath}.{property.Name}";
                    if (property.Name == "class_name" && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == "TorchModuleWrapper")
                    {
                        ReportGadget(path, prefix, child, "TorchModuleWrapper", "CVE-2025-49655", findings);
                        continue;
                    }

                    FindGadgets(path, prefix, property.Value, child, here, url, findings);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindGadgets(path, prefix, item, $"{jsonPath}[{i++}]", callableContext, hasUrl, findings);
                }

                break;
            case JsonValueKind.String:
                var value = element.GetString()!.Trim();
                foreach (var (token, cve) in Gadgets)
                {
                    var qualified = value.EndsWith("." + token, StringComparison.Ordinal) && !value.Contains(' ', StringComparison.Ordinal);
                    var resolved = value == token && (callableContext || (hasUrl && token == "get_file"));
                    if (qualified || resolved)
                    {
                        ReportGadget(path, prefix, jsonPath, token, cve, findings);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static void ReportGadget(string path, string prefix, string jsonPath, string token, string cve, List<Finding> findings) =>
        findings.Add(KerasDeserializationGadget.Create(
            path, jsonPath.Length == 0 ? prefix : $"{prefix}/{jsonPath}", $"The Keras config resolves '{token}' ({cve}); loading the model can run code or turn safe mode off.", token));

    private static void Walk(string path, string prefix, JsonElement element, string jsonPath, bool insideLambda, List<Finding> findings)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(path, prefix, item, $"{jsonPath}[{i++}]", insideLambda, findings);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var logical = jsonPath.Length == 0 ? prefix : $"{prefix}/{jsonPath}";
        var className = StringProperty(element, "class_name");
        var isLambdaLayer = className == "Lambda";
        if (isLambdaLayer)
        {
            findings.Add(KerasLambdaLayer.Create(path, logical, $"Lambda layer '{LayerName(element)}' stores {DescribeLambdaCode(element)} that runs when the model is loaded.", LayerName(element)));
        }
        else if (className == "__lambda__" && !insideLambda)
        {
            findings.Add(KerasLambdaLayer.Create(path, logical, "A serialized Python lambda (`__lambda__`) stores code that runs when the model is loaded.", "__lambda__"));
        }

        if (className == "TFOpLambda" && element.TryGetProperty("config", out var opConfig) && opConfig.ValueKind == JsonValueKind.Object
            && StringProperty(opConfig, "function") is { } symbol && DangerousTfSymbols.Any(d => symbol.StartsWith(d, StringComparison.Ordinal)))
        {
            findings.Add(KerasDeserializationGadget.Create(path, logical, $"TFOpLambda layer '{LayerName(element)}' calls 'tf.{symbol}', which reaches files or Python when the model runs.", $"tf.{symbol}"));
        }

        // Inside a Lambda the function's own module is part of the code already reported.
        if (!insideLambda)
        {
            CheckModules(path, logical, element, className, findings);
        }

        foreach (var property in element.EnumerateObject())
        {
            var child = jsonPath.Length == 0 ? property.Name : $"{jsonPath}.{property.Name}";
            Walk(path, prefix, property.Value, child, insideLambda || isLambdaLayer, findings);
        }
    }

    private static void CheckModules(string path, string logical, JsonElement element, string? className, List<Finding> findings)
    {
        foreach (var key in ModuleKeys)
        {
            var module = StringProperty(element, key);
            if (string.IsNullOrEmpty(module))
            {
                continue;
            }

            var root = module.Split('.')[0];
            var target = $"{module}.{className ?? StringProperty(element, "config") ?? "?"}";
            if (DangerousRoots.Contains(root))
            {
                findings.Add(KerasDangerousModuleImport.Create(path, logical, $"The config makes Keras import '{target}' from the dangerous module '{module}' (CVE-2025-1550).", target));
            }
            else if (!KnownRoots.Contains(root, StringComparer.Ordinal))
            {
                var custom = KerasCustomObject.Create(path, logical, $"The config makes Keras import custom code '{target}'.", target);
                findings.Add(IsUnregisteredClass(element, key, className) ? custom with { Severity = Severity.Medium } : custom);
            }
        }

        // Registered custom objects are serialized as "package>Name"; built-ins leave registered_name null or plain.
        var registered = StringProperty(element, "registered_name");
        if (registered is not null && registered.Contains('>', StringComparison.Ordinal) && !HasKnownRoot(registered.Split('>')[0]))
        {
            findings.Add(KerasCustomObject.Create(path, logical, $"The config uses the registered custom object '{registered}'.", registered));
        }
    }

    // A layer class under a foreign module that is not a registered custom object: Keras 3.9 and later never import it (loading fails
    // instead), older Keras imports the module to build the class. Function references and registered objects are resolved by every version.
    private static bool IsUnregisteredClass(JsonElement element, string key, string? className)
    {
        if (key != "module" || className is null or "function" or "__function__")
        {
            return false;
        }

        var registered = StringProperty(element, "registered_name");
        return registered is null || !registered.Contains('>', StringComparison.Ordinal);
    }

    private static bool HasKnownRoot(string name) => KnownRoots.Contains(name.Split('.')[0], StringComparer.Ordinal);

    private static string DescribeLambdaCode(JsonElement layer)
    {
        if (!layer.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
            || !config.TryGetProperty("function", out var function))
        {
            return "a function";
        }

        // Keras 3: {"class_name": "__lambda__", "config": {"code": b64}}; tf.keras: [b64, defaults, closure] or b64.
        var encoded = function.ValueKind switch
        {
            JsonValueKind.String => function.GetString(),
            JsonValueKind.Array when function.GetArrayLength() > 0 && function[0].ValueKind == JsonValueKind.String => function[0].GetString(),
            JsonValueKind.Object when function.TryGetProperty("config", out var fc) && fc.ValueKind == JsonValueKind.Object
                && fc.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String => code.GetString(),
            _ => null,
        };
        if (MarshalledCode(encoded) is not { } bytecode)
        {
            return "a Python function";
        }

        var names = MarshalNames.Extract(bytecode);
        return names.Count == 0 ? "marshalled Python bytecode" : $"marshalled Python bytecode (names: {string.Join(", ", names)})";
    }

    private static byte[]? MarshalledCode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded) || encoded.Length > 16 * 1024 * 1024)
        {
            return null;
        }

        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        var text = encoded.Trim().Replace("\n", "", StringComparison.Ordinal);
        // A marshalled code object starts with 'c' (0x63), or 0xE3 when flagged as a reference.
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0 && (buffer[0] & 0x7F) == 0x63 ? buffer[..written] : null;
    }

    private static string LayerName(JsonElement layer) =>
        (layer.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object ? StringProperty(config, "name") : null)
        ?? StringProperty(layer, "name") ?? "?";

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
