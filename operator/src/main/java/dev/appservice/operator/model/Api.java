package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;

/** The HTTP API: a Deployment, a Service, a NetworkPolicy and, when a host is given, an Ingress. */
public final class Api {

  private Api() {}

  public static Deployment deployment(AppService app) {
    var api = app.getSpec().getApi();
    var image = api.getImage() != null ? api.getImage() : app.getSpec().getWorker().getImage();
    var ports =
        List.of(
            new ContainerPortBuilder().withName("http").withContainerPort(api.getPort()).build(),
            new ContainerPortBuilder()
                .withName("management")
                .withContainerPort(EnvContract.MANAGEMENT_PORT)
                .build());
    return new DeploymentBuilder()
        .withMetadata(Labels.metadata(app, Naming.api(app), Naming.API))
        .withNewSpec()
        .withReplicas(api.getReplicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(app, Naming.API))
        .endSelector()
        .withTemplate(
            PodTemplates.of(
                app, Naming.API, image, EnvContract.api(app), api.getResources(), ports))
        .endSpec()
        .build();
  }

  public static Service service(AppService app) {
    return new ServiceBuilder()
        .withMetadata(Labels.metadata(app, Naming.api(app), Naming.API))
        .withNewSpec()
        .withSelector(Labels.selector(app, Naming.API))
        .addNewPort()
        .withName("http")
        .withPort(80)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }

  public static Ingress ingress(AppService app) {
    var ingress = app.getSpec().getApi().getIngress();
    var metadata = Labels.metadata(app, Naming.api(app), Naming.API);
    if (ingress.getAnnotations() != null && !ingress.getAnnotations().isEmpty()) {
      metadata.setAnnotations(new java.util.TreeMap<>(ingress.getAnnotations()));
    }
    var builder =
        new IngressBuilder()
            .withMetadata(metadata)
            .withNewSpec()
            .withIngressClassName(ingress.getClassName());
    if (ingress.getTlsSecretName() != null) {
      builder =
          builder
              .addNewTl()
              .withHosts(ingress.getHost())
              .withSecretName(ingress.getTlsSecretName())
              .endTl();
    }
    return builder
        .addNewRule()
        .withHost(ingress.getHost())
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(Naming.api(app))
        .withNewPort()
        .withName("http")
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  public static String endpoint(AppService app) {
    return "http://" + Naming.api(app) + "." + Naming.namespace(app) + ".svc";
  }

  /**
   * The API port is open to the spec's {@code api.allowedFrom} (any source where it names none: the
   * API authenticates every caller), the management port (health, metrics) to the metrics
   * namespaces of {@code access} (any source where it names none).
   */
  public static NetworkPolicy networkPolicy(AppService app, NetworkAccess access) {
    var api = app.getSpec().getApi();
    return new NetworkPolicyBuilder()
        .withMetadata(Labels.metadata(app, Naming.api(app), Naming.API))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(app, Naming.API))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(
            NetworkPeers.ingress(api.getAllowedFrom(), api.getPort()),
            NetworkPeers.fromNamespaces(access.metricsNamespaces(), EnvContract.MANAGEMENT_PORT))
        .endSpec()
        .build();
  }
}
