using System.Text.Json;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// deploy/kubernetes renders and validates against the Kubernetes schemas (this machine has
/// kubectl but no cluster), and says what the silo needs: its identity passed down for Orleans'
/// Kubernetes hosting, probes on the operations port, a drain shorter than the grace period, no
/// root, and the connection string from a Secret.
/// </summary>
public sealed class KubernetesManifestTests
{
    [Theory]
    [InlineData("base", 8)]
    [InlineData("overlays/development", 11)]
    public async Task The_manifests_render_and_every_object_is_valid(string kustomization, int objects)
    {
        var rendered = await Manifests.RenderAsync(kustomization);

        Assert.True(rendered.ExitCode == 0, rendered.Report);
        Assert.Contains($"{objects} valid, 0 invalid", rendered.Report, StringComparison.Ordinal);
        Assert.Equal(objects, rendered.Objects.Count);
    }

    [Fact]
    public async Task The_validator_refuses_an_object_that_breaks_its_schema()
    {
        var rendered = await Manifests.ValidateTextAsync("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: three\n  selector: {}\n  template: {}\n");

        Assert.NotEqual(0, rendered.ExitCode);
        Assert.Contains("INVALID apps/v1 Deployment/broken", rendered.Report, StringComparison.Ordinal);
        Assert.Contains("replicas must be integer", rendered.Report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silo_gets_its_pod_identity_probes_on_the_operations_port_and_a_drain_within_its_grace_period()
    {
        var rendered = await Manifests.RenderAsync("base");
        var deployment = rendered.Single("Deployment");
        var pod = deployment.GetProperty("spec").GetProperty("template");
        var labels = pod.GetProperty("metadata").GetProperty("labels");
        var container = pod.GetProperty("spec").GetProperty("containers")[0];
        var env = container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e, StringComparer.Ordinal);

        // Orleans' Kubernetes hosting reads these; the silo's own settings must agree with the labels.
        foreach (var name in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" })
        {
            Assert.True(env.ContainsKey(name), $"{name} is not passed down");
        }

        Assert.Equal(labels.GetProperty("orleans/serviceId").GetString(), env["SocialCare__ServiceId"].GetProperty("value").GetString());
        Assert.Equal(labels.GetProperty("orleans/clusterId").GetString(), env["SocialCare__ClusterId"].GetProperty("value").GetString());
        Assert.Equal("status.podIP", env["SocialCare__SiloAddress"].GetProperty("valueFrom").GetProperty("fieldRef").GetProperty("fieldPath").GetString());
        Assert.Equal("socialcare-database", env["ConnectionStrings__SocialCare"].GetProperty("valueFrom").GetProperty("secretKeyRef").GetProperty("name").GetString());

        // Probes go to the operations listener the silo is told to open.
        var ports = container.GetProperty("ports").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("containerPort").GetInt32(), StringComparer.Ordinal);
        var operations = new Uri(env["SocialCare__OperationsEndpoint"].GetProperty("value").GetString()!);
        Assert.Equal(operations.Port, ports["operations"]);
        Assert.Equal(new Uri(env["SocialCare__GrpcEndpoint"].GetProperty("value").GetString()!).Port, ports["grpc"]);
        Assert.Equal(("/healthz/ready", "operations"), Probe(container, "readinessProbe"));
        Assert.Equal(("/healthz/live", "operations"), Probe(container, "livenessProbe"));

        // The whole stop (drain included) ends before Kubernetes kills the pod.
        var timeout = TimeSpan.Parse(env["SocialCare__Shutdown__Timeout"].GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var drain = TimeSpan.Parse(env["SocialCare__Shutdown__DrainDelay"].GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(drain > TimeSpan.Zero && drain < timeout);
        Assert.True(timeout < TimeSpan.FromSeconds(pod.GetProperty("spec").GetProperty("terminationGracePeriodSeconds").GetInt32()));

        // No root, nothing written outside /tmp.
        Assert.True(pod.GetProperty("spec").GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.True(container.GetProperty("securityContext").GetProperty("readOnlyRootFilesystem").GetBoolean());
        Assert.Equal("false", env["SocialCare__MigrateOnStart"].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Selectors_match_the_silo_pods_and_the_role_grants_only_what_orleans_uses()
    {
        var rendered = await Manifests.RenderAsync("base");
        var labels = rendered.Single("Deployment").GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels");
        bool Selects(JsonElement selector) => selector.EnumerateObject().All(p => labels.TryGetProperty(p.Name, out var value) && value.GetString() == p.Value.GetString());

        Assert.True(Selects(rendered.Single("Service").GetProperty("spec").GetProperty("selector")));
        Assert.True(Selects(rendered.Single("PodDisruptionBudget").GetProperty("spec").GetProperty("selector").GetProperty("matchLabels")));
        Assert.True(Selects(rendered.Single("Deployment").GetProperty("spec").GetProperty("selector").GetProperty("matchLabels")));
        Assert.Equal("socialcare-silo", rendered.Single("HorizontalPodAutoscaler").GetProperty("spec").GetProperty("scaleTargetRef").GetProperty("name").GetString());

        var rule = Assert.Single(rendered.Single("Role").GetProperty("rules").EnumerateArray());
        Assert.Equal(["pods"], rule.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["delete", "get", "list", "watch"], rule.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["migrate"], rendered.Single("Job").GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0].GetProperty("args").EnumerateArray().Select(a => a.GetString()));
    }

    private static (string Path, string Port) Probe(JsonElement container, string probe)
    {
        var get = container.GetProperty(probe).GetProperty("httpGet");
        return (get.GetProperty("path").GetString()!, get.GetProperty("port").GetString()!);
    }
}
