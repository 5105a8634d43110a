using System.Globalization;
using System.Text;

namespace MLSecOps.Bench.DeployAudit;

/// <summary>
/// Writes a repository shaped like KServe's (116 MiB of YAML in about 700 files, measured at kserve/kserve
/// aaac4e29): install bundles of a few MiB (CRDs with controller-gen schemas, then the controller's Deployment,
/// Service, ConfigMap and RBAC), single CRD files of about 100 KiB, and small application manifests.
/// </summary>
internal static class LargeRepositoryCorpus
{
    private const int Bundles = 36;
    private const int BundleBytes = 2_300_000;
    private const int Crds = 300;
    private const int CrdBytes = 110_000;
    private const int SmallManifests = 360;

    /// <summary>Writes the repository into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Bundles; i++)
        {
            await WriteAsync(Path.Combine(directory, "install", $"v0.{i / 4}.{i % 4}", "kserve.yaml"), Bundle(i), cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < Crds; i++)
        {
            await WriteAsync(Path.Combine(directory, "config", "crd", $"group{i % 12}", $"serving.example.io_kind{i:D3}.yaml"), Crd(i, CrdBytes), cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < SmallManifests; i++)
        {
            await WriteAsync(Path.Combine(directory, "docs", "samples", $"sample-{i:D3}.yaml"), DeployAuditCorpus.Manifest(i), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }

    private static string Bundle(int i)
    {
        var sb = new StringBuilder(BundleBytes + 200_000);
        for (var c = 0; sb.Length < BundleBytes; c++)
        {
            sb.Append(Crd((i * 100) + c, 400_000)).Append("---\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $$"""
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: kserve-controller-manager
              namespace: kserve
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: kserve-manager-role
            rules:
              - apiGroups: ["serving.kserve.io"]
                resources: ["inferenceservices", "servingruntimes"]
                verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: inferenceservice-config
              namespace: kserve
            data:
              ingress: |-
                {"ingressGateway": "knative-serving/knative-ingress-gateway", "ingressDomain": "example.com"}
              storageInitializer: |-
                {"image": "kserve/storage-initializer:v0.{{i}}.0", "memoryRequest": "100Mi"}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: kserve-webhook-server-service
              namespace: kserve
            spec:
              ports:
                - port: 443
                  targetPort: webhook-server
              selector:
                control-plane: kserve-controller-manager
            ---

            """);
        sb.Append(DeployAuditCorpus.Manifest(i));
        return sb.ToString();
    }

    /// <summary>A CustomResourceDefinition whose openAPIV3Schema nests objects with descriptions until it reaches about <paramref name="bytes"/>.</summary>
    private static string Crd(int i, int bytes)
    {
        var sb = new StringBuilder(bytes + 4096);
        sb.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              annotations:
                controller-gen.kubebuilder.io/version: v0.19.0
              name: kind{i}s.serving.example.io
            spec:
              group: serving.example.io
              names:
                kind: Kind{i}
                listKind: Kind{i}List
                plural: kind{i}s
                singular: kind{i}
              scope: Namespaced
              versions:
              - name: v1beta1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:

            """);
        var field = 0;
        while (sb.Length < bytes)
        {
            Field(sb, 10, 0, i, ref field, bytes);
        }

        return sb.ToString();
    }

    private static void Field(StringBuilder sb, int indent, int depth, int seed, ref int field, int bytes)
    {
        var pad = new string(' ', indent);
        var name = string.Create(CultureInfo.InvariantCulture, $"field{field++}");
        sb.Append(pad).Append(name).Append(":\n");
        sb.Append(pad).Append("  description: |-\n");
        sb.Append(pad).Append(CultureInfo.InvariantCulture, $"    {name} of the {depth switch { 0 => "spec", 1 => "container", _ => "nested object" }} (seed {seed}). If specified, the controller\n");
        sb.Append(pad).Append("    applies it on the next reconcile; see the API reference for the allowed values.\n");
        if (depth < 6 && (field + seed) % 3 != 0 && sb.Length < bytes)
        {
            sb.Append(pad).Append("  type: object\n").Append(pad).Append("  properties:\n");
            for (var k = 0; k < 4 && sb.Length < bytes; k++)
            {
                Field(sb, indent + 4, depth + 1, seed, ref field, bytes);
            }
        }
        else
        {
            sb.Append(pad).Append((field % 4) switch { 0 => "  type: string\n", 1 => "  type: integer\n", 2 => "  type: boolean\n", _ => "  x-kubernetes-int-or-string: true\n" });
            if (field % 4 == 1)
            {
                sb.Append(pad).Append("  format: int32\n");
            }
        }
    }
}
