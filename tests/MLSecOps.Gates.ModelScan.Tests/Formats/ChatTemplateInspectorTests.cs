using MLSecOps.Gates.ModelScan.Formats.ChatTemplates;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class ChatTemplateInspectorTests
{
    [TestCase("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__")]
    [TestCase("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "__init__")]
    [TestCase("{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", "\\x5f")]
    [TestCase("{{ ''|attr('\\u005f\\u005fclass\\u005f\\u005f') }}", "\\u005f")]
    [TestCase("{{ request|attr('application') }}", "|attr")]
    [TestCase("{{ lipsum.func_globals }}", "lipsum")]
    [TestCase("{{ joiner.x }}", "joiner")]
    [TestCase("{% set x = namespace %}{{ x.os.popen('id') }}", "os.popen")]
    [TestCase("{{ ''['_' ~ '_class_' ~ '_'] }}", "['_")]
    [TestCase("{% set u = ['_','_']|join %}{{ u }}", "['_")]
    [TestCase("{{ self._TemplateReference__context }}", "self._TemplateReference")]
    [TestCase("{% set u = '_' * 2 %}{{ u }}", "'_'")]
    public void Inspect_SandboxEscape_ReportsMod071WithConstruct(string template, string construct)
    {
        var findings = ChatTemplateInspector.Inspect("t.json", "chat_template", template);

        Assert.That(findings.Select(f => (f.Rule.Id, f.Evidence)), Is.EqualTo(new[] { ("MOD071", construct) }));
    }

    [TestCase("{% include 'x.txt' %}")]
    [TestCase("{%- import 'macros.j2' as m %}")]
    [TestCase("{% extends 'base' %}")]
    [TestCase("{% from 'm' import render %}")]
    public void Inspect_TemplateLoad_ReportsMod072(string template)
    {
        var findings = ChatTemplateInspector.Inspect("t.json", "chat_template", template);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD072" }));
    }

    [TestCase("{% for m in messages %}{{ m['role'] }}: {{ m['content'] | trim }}{% endfor %}")]
    [TestCase("{{ raise_exception('Roles must alternate') }}")]
    [TestCase("{%- set ns = namespace(found=false) %}{%- for m in messages %}{%- if m.tool_calls %}{%- set ns.found = true %}{%- endif %}{%- endfor %}")]
    [TestCase("{{ tools | tojson(indent=4) }}{{ strftime_now('%d %b %Y') }}")]
    [TestCase("Use the evaluation tool to compile an answer. {{ m['content'] }}")]
    [TestCase("{{- '<|im_start|>' + message['role'] + '\\n' }}{% generation %}{{ message['content'] }}{% endgeneration %}")]
    public void Inspect_BenignTemplate_ReportsNothing(string template)
    {
        var findings = ChatTemplateInspector.Inspect("t.json", "chat_template", template);

        Assert.That(findings, Is.Empty);
    }
}
