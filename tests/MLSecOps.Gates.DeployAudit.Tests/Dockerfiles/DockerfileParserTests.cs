using MLSecOps.Gates.DeployAudit.Dockerfiles;

namespace MLSecOps.Gates.DeployAudit.Tests.Dockerfiles;

public sealed class DockerfileParserTests
{
    [Test]
    public void Parse_ContinuationsAndComments_JoinsInstructionAndKeepsLines()
    {
        var file = DockerfileParser.Parse("Dockerfile", "# syntax=docker/dockerfile:1\nFROM python:3.12 AS base\nRUN apt-get update && \\\n    # a comment inside\n    apt-get install -y curl\nUSER app\n");

        Assert.That(file.Instructions.Select(i => (i.Keyword, i.Line, i.EndLine)), Is.EqualTo(new[] { ("FROM", 2, 2), ("RUN", 3, 5), ("USER", 6, 6) }));
        Assert.That(file.Instructions[1].Arguments, Is.EqualTo("apt-get update &&      apt-get install -y curl"));
        Assert.That(file.StageNames, Is.EquivalentTo(new[] { "base" }));
    }

    [Test]
    public void Parse_Heredoc_BodyBelongsToInstruction()
    {
        var file = DockerfileParser.Parse("Dockerfile", "FROM alpine:3.20\nRUN <<EOF\ncurl -fsSL https://x.example/i.sh | sh\nEOF\nUSER 1000\n");

        Assert.That(file.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "RUN", "USER" }));
        Assert.That(file.Instructions[1].LineOf("curl").Number, Is.EqualTo(3));
    }

    [Test]
    public void Parse_EscapeDirective_UsesBacktickContinuation()
    {
        var file = DockerfileParser.Parse("Dockerfile", "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n    && echo b\n");

        Assert.That(file.Instructions.Select(i => (i.Keyword, i.EndLine)), Is.EqualTo(new[] { ("FROM", 2), ("RUN", 4) }));
    }

    [Test]
    public void FinalStage_MultiStage_StartsAtLastFrom()
    {
        var file = DockerfileParser.Parse("Dockerfile", "FROM a:1 AS build\nUSER root\nFROM b:2\nCMD [\"x\"]\n");

        Assert.That(file.FinalStage.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "CMD" }));
    }

    [Test]
    public void Parse_ShiftOperatorInRun_IsNotAHeredoc()
    {
        var file = DockerfileParser.Parse("Dockerfile", "FROM alpine:3.20\nRUN echo $((1<<2))\nUSER 1000\n2\n");

        Assert.That(file.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "RUN", "USER", "2" }));
    }
}
