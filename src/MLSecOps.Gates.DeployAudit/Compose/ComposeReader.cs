using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Compose;

/// <summary>Recognises a docker-compose document (a top-level <c>services</c> mapping, no <c>kind</c>) and reads its services.</summary>
internal static class ComposeReader
{
    /// <summary>Returns the services, or null when <paramref name="root"/> is not a compose file.</summary>
    public static IReadOnlyList<ComposeService>? Read(string path, YNode? root, IReadOnlyList<string> extraImages)
    {
        if (root is not YMap map || map["kind"] is not null || map.Map("services") is not { } services)
        {
            return null;
        }

        var result = new List<ComposeService>();
        foreach (var (key, value) in services.Entries)
        {
            if (value is YMap body)
            {
                var process = ReadProcess(path, key, body, extraImages);
                result.Add(new ComposeService(path, key.Value, key, body, process));
            }
        }

        return result;
    }

    private static ServerProcess ReadProcess(string path, YScalar name, YMap body, IReadOnlyList<string> extraImages)
    {
        var prefix = "services." + name.Value;
        var tokens = new List<ArgToken>();
        foreach (var key in (string[])["entrypoint", "command"])
        {
            switch (body[key])
            {
                case YScalar s:
                    ContainerProcessReader.Split(tokens, s, key);
                    break;
                case YSeq seq:
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (seq.Items[i] is YScalar item)
                        {
                            ContainerProcessReader.Split(tokens, item, $"{key}[{i}]");
                        }
                    }

                    break;
            }
        }

        var image = body.Text("image");
        return new ServerProcess
        {
            Path = path,
            Subject = prefix,
            Anchor = name.Span,
            AnchorPath = "",
            Image = image,
            Tokens = tokens,
            Env = ReadEnvironment(body["environment"]),
            Kinds = ServerClassifier.Classify(image, tokens, extraImages),
        };
    }

    private static List<EnvEntry> ReadEnvironment(YNode? node)
    {
        var env = new List<EnvEntry>();
        switch (node)
        {
            case YMap map:
                foreach (var (key, value) in map.Entries)
                {
                    var scalar = value as YScalar;
                    env.Add(new EnvEntry(key.Value, scalar is { IsNull: false } ? scalar.Value : null, (scalar ?? (YNode)key).Span, $"environment.{key.Value}"));
                }

                break;
            case YSeq seq:
                foreach (var item in seq.Items.OfType<YScalar>())
                {
                    var eq = item.Value.IndexOf('=', StringComparison.Ordinal);
                    var name = eq < 0 ? item.Value : item.Value[..eq];
                    env.Add(new EnvEntry(name, eq < 0 ? null : item.Value[(eq + 1)..], item.Span, $"environment.{name}"));
                }

                break;
        }

        return env;
    }
}
