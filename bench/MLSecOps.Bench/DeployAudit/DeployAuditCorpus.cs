using System.Globalization;
using System.Text;
using MLSecOps.Core.Gates;

namespace MLSecOps.Bench.DeployAudit;

/// <summary>Writes a deploy-audit corpus: manifests of five documents each (workload, Service, ConfigMap, Ingress, InferenceService), a mix of hardened and misconfigured.</summary>
internal static class DeployAuditCorpus
{
    /// <summary>Writes <paramref name="manifests"/> files into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(string directory, int manifests, CancellationToken cancellationToken)
    {
        for (var i = 0; i < manifests; i++)
        {
            var path = Path.Combine(directory, $"team-{i % 20:D2}", $"app-{i:D4}.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, Manifest(i), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the corpus files as the runner would hand them to the gate.</summary>
    public static IReadOnlyList<ScanFile> Files(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new ScanFile(f, Path.GetRelativePath(directory, f).Replace('\\', '/'), new FileInfo(f).Length))];

    /// <summary>Returns manifest number <paramref name="i"/>: five documents, every third one misconfigured.</summary>
    internal static string Manifest(int i)
    {
        var bad = i % 3 == 0;
        var name = string.Create(CultureInfo.InvariantCulture, $"svc-{i:D4}");
        var image = bad ? "vllm/vllm-openai:latest" : "vllm/vllm-openai:v0.11.0@sha256:" + new string('a', 64);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {name}
              namespace: team-{i % 20}
              labels: {"{"}app: {name}{"}"}
            spec:
              replicas: 2
              selector:
                matchLabels: {"{"}app: {name}{"}"}
              template:
                metadata:
                  labels: {"{"}app: {name}{"}"}
                spec:
                  automountServiceAccountToken: {(bad ? "true" : "false")}
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 10001
                    seccompProfile: {"{"}type: RuntimeDefault{"}"}
                  containers:
                    - name: server
                      image: {image}
                      args: ["--model", "org/model-{i}", "--max-num-seqs", "64", "--max-model-len", "8192"{(bad ? ", \"--trust-remote-code\"" : "")}]
                      env:
                        - name: VLLM_API_KEY
                          valueFrom: {"{"}secretKeyRef: {"{"}name: vllm, key: key{"}"}{"}"}
                        - name: LOG_LEVEL
                          value: info
                      ports: [{"{"}containerPort: 8000{"}"}]
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        privileged: {(bad ? "true" : "false")}
                        capabilities: {"{"}drop: ["ALL"]{"}"}
                      resources:
                        requests: {"{"}cpu: "2", memory: 8Gi{"}"}
                        limits: {"{"}cpu: "4", memory: 16Gi, nvidia.com/gpu: 1{"}"}
                      readinessProbe: {"{"}httpGet: {"{"}path: /health, port: 8000{"}"}{"}"}
                      livenessProbe: {"{"}httpGet: {"{"}path: /health, port: 8000{"}"}{"}"}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: {name}
              namespace: team-{i % 20}
            spec:
              type: {(bad ? "LoadBalancer" : "ClusterIP")}
              selector: {"{"}app: {name}{"}"}
              ports: [{"{"}port: 80, targetPort: 8000{"}"}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {name}-config
              namespace: team-{i % 20}
            data:
              LOG_LEVEL: info
              settings.env: |
                MODEL=org/model-{i}
                MAX_BATCH=16
                {(bad ? "OPENAI_API_KEY=sk-EXAMPLE0123456789abcdefghijklmnop" : "OPENAI_API_KEY_FILE=/run/secrets/openai")}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: {name}
              namespace: team-{i % 20}
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: 10m
            spec:
              rules:
                - host: {name}.example.com
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service: {"{"}name: {name}, port: {"{"}number: 80{"}"}{"}"}
            ---
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: {name}-isvc
              namespace: team-{i % 20}
            spec:
              predictor:
                model:
                  modelFormat: {"{"}name: sklearn{"}"}
                  storageUri: gs://acme-models/{name}
                  resources:
                    limits: {"{"}cpu: "1", memory: 2Gi{"}"}

            """);
        return sb.ToString();
    }
}
