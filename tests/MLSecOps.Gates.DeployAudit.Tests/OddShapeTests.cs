namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>Valid YAML in unexpected shapes must be audited without exceptions.</summary>
public sealed class OddShapeTests
{
    [TestCase("apiVersion: v1\nkind: Pod\nspec: [1, 2]\n")]
    [TestCase("apiVersion: v1\nkind: Pod\nmetadata: x\nspec:\n  containers: \"none\"\n  volumes: [null, {hostPath: 3}]\n")]
    [TestCase("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: [x]\n  containers:\n    - name: [a]\n      env: [{name: X, value: [1]}, {name: [Y]}, 7]\n      args: [[--trust-remote-code]]\n      securityContext: {capabilities: {add: [1, {x: y}], drop: ALL}}\n      resources: {limits: [gpu]}\n")]
    [TestCase("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer, selector: [a], ports: x}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {rules: [{http: {paths: [{backend: {service: {name: [x]}}}]}}]}\n")]
    [TestCase("services:\n  a:\n    image: [x]\n    ports: [{published: x}, [1], \"a:b:c:d\"]\n    environment: [\"=\", 1]\n    command: {a: b}\n    volumes: [1]\n")]
    [TestCase("apiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: r}\nspec:\n  headGroupSpec: {rayStartParams: [x], template: 1}\n  workerGroupSpecs: x\n")]
    [TestCase("apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: k, labels: {networking.kserve.io/visibility: exposed}}\nspec: {predictor: {model: [x], containers: {a: b}}}\n")]
    [TestCase("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {config.properties: \"management_address=\\nallowed_urls\\n=\\n\", a: [1]}\n")]
    public void RunAsync_OddShape_DoesNotThrow(string yaml) =>
        Assert.DoesNotThrowAsync(async () => await GateRunner.RunAsync(("odd.yaml", yaml), ("Dockerfile", "FROM\nUSER\nARG\nENV\nEXPOSE\nADD\nRUN \\\n")));
}
