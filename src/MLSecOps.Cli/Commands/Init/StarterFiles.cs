using System.Text;
using MLSecOps.Gates.DesignReview.Templates;

namespace MLSecOps.Cli.Commands.Init;

/// <summary>The files <c>init</c> proposes for a layout: policy, threat model, model and data-set cards, and the CI file.</summary>
internal static class StarterFiles
{
    /// <summary>Returns every starter file as (repository-relative path, content), in the order they are reported.</summary>
    /// <param name="layout">What the repository holds.</param>
    /// <param name="systemName">The system's name (the folder name).</param>
    /// <param name="folder">The repository folder, to skip card folders that already have a card.</param>
    /// <returns>The files.</returns>
    public static IReadOnlyList<(string Path, string Content)> For(RepositoryLayout layout, string systemName, string folder)
    {
        var files = new List<(string, string)>
        {
            (".mlsecops.yml", Policy(layout)),
            ("docs/threat-model.yml", StarterTemplates.ThreatModel(systemName, layout.ModelGlobs.Count > 0 ? layout.ModelGlobs : ["models/**"])),
        };
        files.AddRange(CardsFor(layout.ModelFolders, folder, name => StarterTemplates.ModelCard(name)));
        files.AddRange(CardsFor(layout.DataFolders, folder, name => StarterTemplates.DataCard(name)));
        files.Add(layout.Platform == "azure" ? ("azure-pipelines.yml", AzurePipeline) : (".github/workflows/mlsecops.yml", GitHubWorkflow));
        return files;
    }

    private static IEnumerable<(string, string)> CardsFor(IReadOnlyList<string> folders, string root, Func<string, string> template) =>
        folders.Where(f => !HasCard(root, f)).Select(f => ((f == "." ? "" : f + "/") + "README.md", template(f == "." ? Path.GetFileName(Path.GetFullPath(root)) : f)));

    /// <summary>Whether the folder or a parent below the root already has a card, as the gate looks for one (the root's README is the project's).</summary>
    private static bool HasCard(string root, string folder)
    {
        for (var current = folder; ; current = current.LastIndexOf('/') is var i and > 0 ? current[..i] : ".")
        {
            if (current == "." && folder != ".")
            {
                return false;
            }

            var dir = Path.Combine(root, current == "." ? "" : current);
            if (new[] { "README.md", "MODEL_CARD.md", "DATASET_CARD.md", "DATA_CARD.md" }.Any(n => File.Exists(Path.Combine(dir, n))))
            {
                return true;
            }

            if (current == ".")
            {
                return false;
            }
        }
    }

    private static string Policy(RepositoryLayout layout)
    {
        var text = new StringBuilder();
        text.Append("# MLSecOps Gates policy written by `mlsecops init` from what this repository holds. Reference: docs/policy.md.\n");
        text.Append("version: 1\nfail-on: high\ngates:\n");
        Section(text, "model-scan", layout.ModelGlobs, "no model files found");
        Section(text, "data-check", layout.DataGlobs, "no data files found");
        Section(text, "deploy-audit", layout.ServingGlobs, "no Dockerfile, compose file or Kubernetes manifest found");
        text.Append("""
              design-review:
                threat-model: docs/threat-model.yml
                # Who signs off pull requests that change models, data, serving configs or the threat model:
                # GitHub logins or @org/team; Azure DevOps unique names or groups. Empty: any approver (GitHub),
                # required reviewers (Azure DevOps).
                approvers: []
            rules: {}
            waivers: []

            """);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string gate, IReadOnlyList<string> globs, string nothing)
    {
        text.Append("  ").Append(gate).Append(":\n");
        if (globs.Count == 0)
        {
            text.Append("    # ").Append(nothing).Append("; the gate's default paths apply\n");
            text.Append("    enabled: true\n");
            return;
        }

        text.Append("    paths: [").Append(string.Join(", ", globs.Select(g => $"\"{g}\""))).Append("]\n");
    }

    private const string GitHubWorkflow = """
        name: mlsecops
        on:
          pull_request:
          push:
            branches: [main]
        permissions:
          contents: read
          pull-requests: read      # design-review reads the reviews for the security sign-off
          security-events: write
          checks: write
        jobs:
          gates:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with: { persist-credentials: false }
              - uses: mlsecops-gates/mlsecops@v1
                with:
                  gate: all

        """;

    private const string AzurePipeline = """
        trigger: [main]
        pr: [main]
        pool:
          vmImage: ubuntu-latest
        steps:
          - checkout: self
          - task: MLSecOpsScan@1
            inputs:
              gate: all
              prStatus: true
            env:
              SYSTEM_ACCESSTOKEN: $(System.AccessToken)   # design-review reads reviewer votes for the security sign-off

        """;
}
