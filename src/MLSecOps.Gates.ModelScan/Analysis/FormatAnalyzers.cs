using MLSecOps.Gates.ModelScan.Formats.ChatTemplates;
using MLSecOps.Gates.ModelScan.Formats.CoreMl;
using MLSecOps.Gates.ModelScan.Formats.Gguf;
using MLSecOps.Gates.ModelScan.Formats.HuggingFace;
using MLSecOps.Gates.ModelScan.Formats.Keras;
using MLSecOps.Gates.ModelScan.Formats.MxNet;
using MLSecOps.Gates.ModelScan.Formats.Executables;
using MLSecOps.Gates.ModelScan.Formats.ExecuTorch;
using MLSecOps.Gates.ModelScan.Formats.Flax;
using MLSecOps.Gates.ModelScan.Formats.Oci;
using MLSecOps.Gates.ModelScan.Formats.Onnx;
using MLSecOps.Gates.ModelScan.Formats.OpenVino;
using MLSecOps.Gates.ModelScan.Formats.Packaged;
using MLSecOps.Gates.ModelScan.Formats.Paddle;
using MLSecOps.Gates.ModelScan.Formats.Pmml;
using MLSecOps.Gates.ModelScan.Formats.RData;
using MLSecOps.Gates.ModelScan.Formats.TfLite;
using MLSecOps.Gates.ModelScan.Formats.SafeTensors;
using MLSecOps.Gates.ModelScan.Formats.TensorFlow;
using MLSecOps.Gates.ModelScan.Formats.Torch7;
using MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>The analyzers of non-pickle model formats, in the order the gate offers files to them (magic-byte formats first).</summary>
internal static class FormatAnalyzers
{
    /// <summary>Gets the analyzers.</summary>
    public static IReadOnlyList<IModelFileAnalyzer> All { get; } =
    [
        new SafeTensorsAnalyzer(),
        new GgufAnalyzer(),
        new KerasH5Analyzer(),
        new KerasArchiveAnalyzer(),
        new OnnxAnalyzer(),
        new TensorFlowGraphAnalyzer(),
        new HuggingFaceConfigAnalyzer(),
        new ModelConfigValueAnalyzer(),
        new ChatTemplateFileAnalyzer(),
        new YamlChatTemplateAnalyzer(),
        new ModelCardAnalyzer(),
        new TorchServeArchiveAnalyzer(),
        new NemoArchiveAnalyzer(),
        new SkopsAnalyzer(),
        new PmmlAnalyzer(),
        new RSerializationAnalyzer(),
        new TfLiteAnalyzer(),
        new Torch7Analyzer(),
        new PaddleProgramAnalyzer(),
        new ExecuTorchAnalyzer(),
        new CoreMlAnalyzer(),
        new OpenVinoAnalyzer(),
        new FlaxMsgpackAnalyzer(),
        new XGBoostAnalyzer(),
        new LightGbmAnalyzer(),
        new CatBoostAnalyzer(),
        new MxNetSymbolAnalyzer(),
        new MxNetParamsAnalyzer(),
        new ImageManifestAnalyzer(),
        new ExecutableModelAnalyzer(),
    ];
}
