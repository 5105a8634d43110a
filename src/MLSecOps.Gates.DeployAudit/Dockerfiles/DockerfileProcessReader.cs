using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>Turns the final stage of a Dockerfile into a <see cref="ServerProcess"/>: base image, ENTRYPOINT + CMD words, ENV.</summary>
internal static class DockerfileProcessReader
{
    /// <summary>Reads the process the image starts.</summary>
    public static ServerProcess Read(Dockerfile dockerfile, IReadOnlyList<string> extraImages)
    {
        var stage = dockerfile.FinalStage.ToList();
        var tokens = new List<ArgToken>();
        var env = new List<EnvEntry>();
        string? image = null;
        var anchor = new TextSpan(1, 1, 1, 1);
        foreach (var instruction in stage)
        {
            var span = new TextSpan(instruction.Line, 1, instruction.EndLine, instruction.Lines[^1].Text.Length + 1);
            switch (instruction.Keyword)
            {
                case "FROM":
                    image = FromImage.Parse(instruction.Arguments).Image;
                    anchor = span;
                    break;
                case "ENTRYPOINT" or "CMD":
                    tokens.RemoveAll(t => t.KeyPath == instruction.Keyword);
                    tokens.AddRange(Words(instruction.Arguments).Select(w => new ArgToken(w, span, instruction.Keyword)));
                    break;
                case "ENV":
                    env.AddRange(EnvPairs(instruction.Arguments).Select(p => new EnvEntry(p.Name, p.Value, LineSpan(instruction, p.Name), "ENV " + p.Name)));
                    break;
            }
        }

        return new ServerProcess
        {
            Path = dockerfile.Path,
            Subject = "Dockerfile",
            Anchor = anchor,
            AnchorPath = "FROM",
            Image = image,
            Tokens = tokens,
            Env = env,
            Kinds = ServerClassifier.Classify(image, tokens, extraImages),
        };
    }

    /// <summary>Returns the span of the physical line of <paramref name="instruction"/> that holds <paramref name="fragment"/>.</summary>
    public static TextSpan LineSpan(DockerInstruction instruction, string fragment)
    {
        var (number, text) = instruction.LineOf(fragment);
        return TextSpan.OfLine(number, text.Length);
    }

    /// <summary>Reads <c>ENV a=b c=d</c> and the legacy <c>ENV a b</c>.</summary>
    public static IEnumerable<(string Name, string Value)> EnvPairs(string arguments)
    {
        var words = CommandWords.Split(arguments).ToList();
        if (words.Count > 0 && !words[0].Contains('=', StringComparison.Ordinal))
        {
            yield return (words[0], string.Join(' ', words.Skip(1)));
            yield break;
        }

        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var value = word[(eq + 1)..];
                yield return (word[..eq], value == "''" ? "" : value);
            }
        }
    }

    private static IEnumerable<string> Words(string arguments)
    {
        var t = arguments.Trim();
        if (t.StartsWith('[') && t.EndsWith(']'))
        {
            return t[1..^1].Split(',').Select(w => w.Trim().Trim('"')).Where(w => w.Length > 0)
                .SelectMany(CommandWords.Split);
        }

        return CommandWords.Split(t);
    }
}
