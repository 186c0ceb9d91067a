package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.operator.config.ManagementServer;
import dev.appservice.operator.config.OperatorConfig;
import dev.appservice.operator.fixtures.HelmChart;
import dev.appservice.operator.fixtures.RbacRules;
import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.model.TopicNamePolicy;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Helm chart as Helm renders it (helm-java embeds Helm's Go library), applied to the real API
 * server, which validates every object and enforces the restricted Pod Security Standard on the
 * operator's pod. That the chart's CRD equals the generated one is CrdsAreCommittedTest's job.
 */
class ChartIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();

  static final HelmChart chart = new HelmChart();
  static final String RELEASE = "appservice-operator";
  static final String CUSTOM_VALUES =
      """
      image:
        repository: registry.example.com/platform/appservice-operator
        tag: "1.2.3"
      watchNamespaces: [team-a, team-b]
      databaseNetworkPolicy:
        cloudNativePGNamespace: cnpg-system
        metricsNamespaces: [monitoring]
      metrics:
        port: 9404
      """;

  /** Everything applied, for clean-up. */
  static final List<HasMetadata> applied = new ArrayList<>();

  /** The chart with its default values, as the API server stored it. */
  static List<HasMetadata> installed;

  @BeforeAll
  static void installWithDefaultValues() {
    cluster
        .client()
        .namespaces()
        .withName(cluster.namespace())
        .edit(
            ns ->
                new NamespaceBuilder(ns)
                    .editMetadata()
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .endMetadata()
                    .build());
    installed = apply(chart.render(cluster.client(), RELEASE, cluster.namespace(), ""));
  }

  @AfterAll
  static void deleteClusterScopedObjects() {
    applied.stream()
        .filter(o -> o.getMetadata().getNamespace() == null)
        .forEach(o -> cluster.client().resource(o).delete());
    cluster.client().namespaces().withName(secondNamespace()).delete();
  }

  @Test
  void lintsWithoutWarnings() {
    var lint = chart.lint();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).allMatch(m -> m.startsWith("[INFO]"));
  }

  @Test
  void refusesKubernetesOlderThanTheOneWorkersNeed() {
    assertThatThrownBy(
            () -> chart.render(cluster.client(), RELEASE, cluster.namespace(), "", "v1.27.9"))
        .hasMessageContaining("kubeVersion");
    assertThat(chart.render(cluster.client(), RELEASE, cluster.namespace(), "", "v1.28.0"))
        .isNotEmpty();
  }

  @Test
  void installsTheOperatorsObjects() {
    assertThat(installed)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
  }

  @Test
  void everyObjectAndTheOperatorPodCarryTheStandardLabels() {
    var labelled = new ArrayList<Map<String, String>>();
    installed.forEach(o -> labelled.add(o.getMetadata().getLabels()));
    labelled.add(deployment(installed).getSpec().getTemplate().getMetadata().getLabels());
    assertThat(labelled)
        .allSatisfy(
            labels ->
                assertThat(labels)
                    .containsEntry("app.kubernetes.io/name", "appservice-operator")
                    .containsEntry("app.kubernetes.io/instance", RELEASE)
                    .containsEntry("app.kubernetes.io/component", "operator")
                    .containsEntry("app.kubernetes.io/part-of", "appservice-operator")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsKey("app.kubernetes.io/version"));
  }

  @Test
  void releasesOfTheSameNameInTwoNamespacesDoNotShareClusterScopedObjects() {
    var client = cluster.client();
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(secondNamespace())
                .endMetadata()
                .build())
        .serverSideApply();
    var second = apply(chart.render(client, RELEASE, secondNamespace(), ""));

    assertThat(clusterScopedNames(second))
        .doesNotContainAnyElementsOf(clusterScopedNames(installed));
    for (var install : List.of(installed, second)) {
      var namespace = only(install, ServiceAccount.class).getMetadata().getNamespace();
      var binding = only(install, ClusterRoleBinding.class).getMetadata().getName();
      assertThat(client.rbac().clusterRoleBindings().withName(binding).get().getSubjects())
          .singleElement()
          .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(namespace));
    }
  }

  @Test
  void operatorPodMeetsTheRestrictedPodSecurityStandard() {
    var pod = deployment(installed).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = operatorContainer(installed).getSecurityContext();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");

    // The namespace enforces "restricted": the API server admits the chart's pod...
    var client = cluster.client();
    assertThat(client.resource(podOf(deployment(installed), "operator-pod")).create()).isNotNull();
    // ... and would reject one that is not (so the check above is real).
    var unrestricted = podOf(deployment(installed), "unrestricted-pod");
    unrestricted.getSpec().getContainers().get(0).setSecurityContext(null);
    assertThatThrownBy(() -> client.resource(unrestricted).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted");
  }

  @Test
  void writableTmpIsAnEmptyDirBecauseTheRootFileSystemIsReadOnly() {
    var pod = deployment(installed).getSpec().getTemplate().getSpec();
    assertThat(operatorContainer(installed).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(pod.getVolumes())
                  .filteredOn(v -> v.getName().equals(m.getName()))
                  .singleElement()
                  .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            });
  }

  @Test
  void probesHitTheOperatorsHealthEndpointsOnTheMetricsPort() throws Exception {
    var container = operatorContainer(installed);
    var port = container.getPorts().get(0);
    assertThat(port.getContainerPort()).isEqualTo(8080);
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo(port.getName());
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo(port.getName());
    assertThat(operatorConfig(container).httpPort()).isEqualTo(port.getContainerPort());
    assertThat(service(installed).getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo(port.getName());

    // The probe paths are the ones the operator's management server answers.
    try (var server =
        new ManagementServer(
            0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true)) {
      for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
        assertThat(get(server.port(), probe.getHttpGet().getPath()).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void rbacRulesAreExactlyTheRbacFiles() throws IOException {
    var client = cluster.client();
    var clusterRole =
        client.resource(clusterRole(installed, cluster.namespace() + "-" + RELEASE)).get();
    assertThat(clusterRole.getRules()).isEqualTo(rules("app-rules.yaml", "kafka-rules.yaml"));
    var secretWriter =
        client
            .resource(
                clusterRole(installed, cluster.namespace() + "-" + RELEASE + "-secret-writer"))
            .get();
    assertThat(secretWriter.getRules()).isEqualTo(rules("secret-write-rules.yaml"));
    var role = client.resource(only(installed, Role.class)).get();
    assertThat(role.getRules()).isEqualTo(rules("leader-election-rules.yaml"));

    var serviceAccount = only(installed, ServiceAccount.class).getMetadata().getName();
    assertThat(deployment(installed).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(serviceAccount);
    var subject = new Subject(null, "ServiceAccount", serviceAccount, cluster.namespace());
    var clusterBinding = client.resource(only(installed, ClusterRoleBinding.class)).get();
    assertThat(clusterBinding.getRoleRef().getName())
        .isEqualTo(clusterRole.getMetadata().getName());
    assertThat(clusterBinding.getSubjects()).containsExactly(subject);
    var binding = only(installed, RoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).containsExactly(subject);

    // The operator names the Secret writer ClusterRole and its own account when refused.
    var container = operatorContainer(installed);
    assertThat(operatorConfig(container).secretWriteGrant().clusterRole())
        .contains(secretWriter.getMetadata().getName());
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("SERVICE_ACCOUNT"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("spec.serviceAccountName"));
  }

  @Test
  void byDefaultTheOperatorReadsSecretsEverywhereAndWritesThemNowhere() {
    var ns = cluster.namespace();
    for (var namespace : List.of(ns, "kube-system", "team-a")) {
      assertThat(may(RELEASE, "get", "secrets", namespace)).as(namespace).isTrue();
      for (var verb : List.of("create", "patch", "update", "delete")) {
        assertThat(may(RELEASE, verb, "secrets", namespace)).as(verb + " " + namespace).isFalse();
      }
    }
    // What it writes elsewhere it still may.
    assertThat(may(RELEASE, "patch", "statefulsets", "team-a")).isTrue();
  }

  @Test
  void secretWriteNamespacesGetARoleBindingToTheSecretWriter() {
    var client = cluster.client();
    var onboarded = secondNamespace();
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(onboarded).endMetadata().build())
        .serverSideApply();
    var objects =
        apply(
            chart.render(
                client,
                "onboarded",
                cluster.namespace(),
                "secretWriteNamespaces: [" + onboarded + "]\n"));

    var bindings =
        objects.stream()
            .filter(RoleBinding.class::isInstance)
            .map(RoleBinding.class::cast)
            .filter(b -> b.getMetadata().getNamespace().equals(onboarded))
            .toList();
    assertThat(bindings)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getRoleRef().getKind()).isEqualTo("ClusterRole");
              assertThat(b.getRoleRef().getName())
                  .isEqualTo(
                      clusterRole(objects, cluster.namespace() + "-onboarded-secret-writer")
                          .getMetadata()
                          .getName());
            });
    for (var verb : List.of("create", "patch", "delete")) {
      assertThat(may("onboarded", verb, "secrets", onboarded)).as(verb).isTrue();
      assertThat(may("onboarded", verb, "secrets", cluster.namespace())).as(verb).isFalse();
    }

    // Watching listed namespaces, each one's Role has Secret write: the list would mean nothing.
    assertThatThrownBy(
            () ->
                chart.render(
                    client,
                    "both",
                    cluster.namespace(),
                    "watchNamespaces: [team-a]\nsecretWriteNamespaces: [team-b]\n"))
        .hasMessageContaining("secretWriteNamespaces applies only when watchNamespaces is empty");
  }

  /** Whether the release's ServiceAccount may do this, as the API server's RBAC decides. */
  private static boolean may(String release, String verb, String resource, String namespace) {
    var ns = cluster.namespace();
    var review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser("system:serviceaccount:" + ns + ":" + release)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:" + ns)
            .withNewResourceAttributes()
            .withGroup(resource.equals("secrets") ? "" : "apps")
            .withResource(resource)
            .withVerb(verb)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return cluster
        .client()
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  /** The ClusterRole named {@code name}. */
  private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
    var roles =
        objects.stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .filter(r -> r.getMetadata().getName().equals(name))
            .toList();
    assertThat(roles).as("ClusterRole %s", name).hasSize(1);
    return roles.get(0);
  }

  @Test
  void defaultsWatchAllNamespacesAndElectALeader() {
    var config = operatorConfig(operatorContainer(installed));
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.networkAccess()).isEqualTo(NetworkAccess.OPEN);
    assertThat(config.topicNames()).isEqualTo(TopicNamePolicy.NAMESPACE_PREFIX);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.resyncInterval()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(deployment(installed).getSpec().getReplicas()).isEqualTo(2);
    assertThat(operatorContainer(installed).getEnv())
        .extracting(EnvVar::getName)
        .contains("POD_NAMESPACE", "POD_NAME");
  }

  @Test
  void listedNamespacesGetRolesAndNoClusterRole() throws IOException {
    var kafkaNamespace = secondNamespace();
    cluster
        .client()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(kafkaNamespace).endMetadata().build())
        .serverSideApply();
    var objects =
        apply(
            chart.render(
                cluster.client(),
                "scoped",
                cluster.namespace(),
                "watchNamespaces: ["
                    + cluster.namespace()
                    + "]\nkafkaNamespaces: ["
                    + kafkaNamespace
                    + "]\n"));

    assertThat(clusterScopedNames(objects)).isEmpty();
    var subject = new Subject(null, "ServiceAccount", "scoped", cluster.namespace());
    var roles = objects.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            cluster.namespace() + "/scoped-leader-election",
            cluster.namespace() + "/" + cluster.namespace() + "-scoped-app",
            kafkaNamespace + "/" + cluster.namespace() + "-scoped-kafka");
    assertThat(role(roles, cluster.namespace() + "-scoped-app").getRules())
        .isEqualTo(rules("app-rules.yaml", "secret-write-rules.yaml"));
    assertThat(role(roles, cluster.namespace() + "-scoped-kafka").getRules())
        .isEqualTo(rules("kafka-rules.yaml"));
    assertThat(objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast))
        .hasSize(3)
        .allSatisfy(
            b -> {
              assertThat(b.getRoleRef().getName()).isEqualTo(b.getMetadata().getName());
              assertThat(b.getSubjects()).containsExactly(subject);
            });
    var config = operatorConfig(operatorContainer(objects));
    assertThat(config.watchNamespaces()).containsExactly(cluster.namespace());
    assertThat(config.kafkaNamespaces()).containsExactly(kafkaNamespace);
    assertThat(config.secretWriteGrant().clusterRole()).isEmpty();

    // Kafka namespaces alone: the ClusterRole keeps only what the AppServices' namespaces need.
    var kafkaOnly =
        chart.render(
            cluster.client(),
            "kafka-only",
            cluster.namespace(),
            "kafkaNamespaces: [" + kafkaNamespace + "]\n");
    assertThat(clusterRole(kafkaOnly, cluster.namespace() + "-kafka-only").getRules())
        .isEqualTo(rules("app-rules.yaml"));
  }

  private static Role role(List<Role> roles, String name) {
    return roles.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().get();
  }

  @Test
  void badValuesAreRefusedNamingTheValue() {
    var bad =
        Map.of(
            "watchNamespace: [shop]\n", "watchNamespace",
            "watchNamespaces: shop\n", "/watchNamespaces",
            "kafkaNamespaces: [Kafka_1]\n", "/kafkaNamespaces/0",
            "resyncIntervalSeconds: 5\n", "/resyncIntervalSeconds",
            "logLevel: verbose\n", "/logLevel",
            "metrics: {port: 0}\n", "/metrics/port",
            "topicNamePrefix: 'team a.'\n", "/topicNamePrefix",
            "secretWriteNamespaces: [Team-A]\n", "/secretWriteNamespaces/0",
            "databaseNetworkPolicy: {cloudNativePGNamespace: cnpg system}\n",
                "/databaseNetworkPolicy/cloudNativePGNamespace");
    bad.forEach(
        (values, field) ->
            assertThatThrownBy(
                    () -> chart.render(cluster.client(), "bad", cluster.namespace(), values))
                .as(values)
                .hasMessageContaining("schema")
                .hasMessageContaining(field));
  }

  @Test
  void customValuesSetTheImageTheNamespacesAndThePort() {
    var rendered = chart.render(cluster.client(), "custom", cluster.namespace(), CUSTOM_VALUES);
    // The Roles for team-a and team-b are left out: those namespaces do not exist here.
    var objects =
        apply(
            rendered.stream()
                .filter(
                    o ->
                        o.getMetadata().getNamespace() == null
                            || o.getMetadata().getNamespace().equals(cluster.namespace()))
                .toList());
    assertThat(rendered)
        .filteredOn(o -> o instanceof Role)
        .extracting(o -> o.getMetadata().getNamespace())
        .contains("team-a", "team-b");
    var container = operatorContainer(objects);
    assertThat(container.getImage())
        .isEqualTo("registry.example.com/platform/appservice-operator:1.2.3");
    var config = operatorConfig(container);
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.networkAccess())
        .isEqualTo(
            new NetworkAccess(
                java.util.Optional.of("cnpg-system"), java.util.Set.of("monitoring")));
    assertThat(config.httpPort()).isEqualTo(9404);
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9404);
    assertThat(service(objects).getSpec().getPorts().get(0).getPort()).isEqualTo(9404);
  }

  /** Server-side applies every object, as an install would; the API server validates each. */
  private static List<HasMetadata> apply(List<HasMetadata> objects) {
    var stored = new ArrayList<HasMetadata>();
    for (var object : objects) {
      stored.add(cluster.client().resource(object).forceConflicts().serverSideApply());
    }
    applied.addAll(stored);
    return stored;
  }

  private static String secondNamespace() {
    return cluster.namespace() + "-second";
  }

  private static List<String> clusterScopedNames(List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o.getMetadata().getNamespace() == null)
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .toList();
  }

  /** The operator's configuration as it would parse the container's literal environment. */
  private static OperatorConfig operatorConfig(Container container) {
    return OperatorConfig.fromEnv(
        container.getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)));
  }

  /** A pod from the Deployment's template (a copy: the caller may change it). */
  private static Pod podOf(Deployment deployment, String name) {
    var template =
        cluster.client().getKubernetesSerialization().clone(deployment.getSpec().getTemplate());
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(cluster.namespace())
        .withLabels(template.getMetadata().getLabels())
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return only(objects, Deployment.class);
  }

  private static Service service(List<HasMetadata> objects) {
    return only(objects, Service.class);
  }

  private static Container operatorContainer(List<HasMetadata> objects) {
    return deployment(objects).getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("operator"))
        .findFirst()
        .orElseThrow();
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    var matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static List<PolicyRule> rules(String... files) {
    return RbacRules.of(files);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
