using System.Text;
using MLSecOps.Gates.ModelScan.SourceReferences;

namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>The bounded notebook reader: code cells only, positions in the notebook file, IPython syntax stripped, hostile JSON refused.</summary>
public sealed class NotebookReaderTests
{
    [Test]
    public void Read_SourceAsOneEscapedString_MapsColumnsThroughTheEscapes()
    {
        // One string holding two lines; the second line's `b` is after `\"a\"\n` in the raw JSON.
        var json = "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"x = \\\"a\\\"\\nb = 1\"}]}";

        var (cells, error) = NotebookReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.That(error, Is.Null);
        Assert.That(cells.Single().Code, Is.EqualTo("x = \"a\"\nb = 1"));
        var start = json.IndexOf("\\nb", StringComparison.Ordinal) + 2;
        Assert.That(cells[0].Position(2, 1), Is.EqualTo((1, start + 1)));
    }

    [Test]
    public void Read_Nbformat3Worksheets_ReadsInputOfCodeCells()
    {
        var json = "{\"worksheets\": [{\"cells\": [{\"cell_type\": \"code\", \"input\": [\"import torch\\n\", \"torch.load(p)\"]}, {\"cell_type\": \"markdown\", \"source\": [\"torch.load\"]}]}]}";

        var (cells, _) = NotebookReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.That(cells.Select(c => (c.Label, c.Code)), Is.EqualTo(new[] { ("cell 1", "import torch\ntorch.load(p)") }));
    }

    [Test]
    public void Read_ShellMagicWithContinuation_BlanksEveryShellLineKeepingOffsets()
    {
        var json = "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"!python run.py \\\\\\n\", \"   --flag $X\\n\", \"x = 1\"]}]}";

        var (cells, _) = NotebookReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.That(cells.Single().Code.Trim(), Is.EqualTo("x = 1"));
        Assert.That(PythonTokenizer.Tokenize(cells[0].Code).Errors, Is.Empty);
    }

    [Test]
    public void Read_OtherKernelLanguage_YieldsNoCells()
    {
        var json = "{\"metadata\": {\"kernelspec\": {\"language\": \"julia\"}}, \"cells\": [{\"cell_type\": \"code\", \"source\": \"torch.load(x)\"}]}";

        var (cells, error) = NotebookReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.That((cells.Count, error), Is.EqualTo((0, (string?)null)));
    }

    [TestCase("[1, 2]", "the notebook is not a JSON object")]
    [TestCase("{\"cells\": [", "malformed")]
    public void Read_NotANotebook_SaysWhy(string json, string reason)
    {
        var (_, error) = NotebookReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void Read_NestingBomb_IsAnErrorNotACrash()
    {
        var json = "{\"cells\": [{\"cell_type\": \"code\", \"outputs\": " + new string('[', 100_000) + new string(']', 100_000) + ", \"source\": \"x\"}]}";

        var (_, error) = NotebookReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.That(error, Does.StartWith("the notebook JSON is malformed"));
    }
}
