package dev.appservice.operator.reconciler;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.AppServiceStatus;
import dev.appservice.operator.dependent.ApiDeploymentDependent;
import dev.appservice.operator.dependent.ApiIngressDependent;
import dev.appservice.operator.dependent.ApiKafkaUserDependent;
import dev.appservice.operator.dependent.ApiKafkaUserSecretDependent;
import dev.appservice.operator.dependent.ApiNetworkPolicyDependent;
import dev.appservice.operator.dependent.ApiServiceDependent;
import dev.appservice.operator.dependent.DatabaseClusterDependent;
import dev.appservice.operator.dependent.DatabaseNetworkPolicyDependent;
import dev.appservice.operator.dependent.DatabaseReadyCondition;
import dev.appservice.operator.dependent.DeadLetterTopicDependent;
import dev.appservice.operator.dependent.InputTopicDependent;
import dev.appservice.operator.dependent.KafkaCaSecretDependent;
import dev.appservice.operator.dependent.KafkaSecretSourcePresent;
import dev.appservice.operator.dependent.KafkaSourceSecrets;
import dev.appservice.operator.dependent.KafkaTopicRegistry;
import dev.appservice.operator.dependent.NetworkPolicyDependent;
import dev.appservice.operator.dependent.OutputTopicDependent;
import dev.appservice.operator.dependent.Preconditions.CloudNativePGSelected;
import dev.appservice.operator.dependent.Preconditions.IngressRequested;
import dev.appservice.operator.dependent.Preconditions.KafkaAuthenticationEnabled;
import dev.appservice.operator.dependent.TopicReadyCondition;
import dev.appservice.operator.dependent.WorkerKafkaUserDependent;
import dev.appservice.operator.dependent.WorkerKafkaUserSecretDependent;
import dev.appservice.operator.dependent.WorkerNetworkPolicyDependent;
import dev.appservice.operator.dependent.WorkerPodDisruptionBudgetDependent;
import dev.appservice.operator.dependent.WorkerServiceDependent;
import dev.appservice.operator.dependent.WorkerStatefulSetDependent;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.model.SecretWriteGrant;
import dev.appservice.operator.model.TopicClaims;
import dev.appservice.operator.model.TopicNamePolicy;
import dev.appservice.operator.status.Conditions;
import dev.appservice.operator.status.ErrorMessages;
import dev.appservice.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Thin on purpose: the workflow creates the parts (topics and database first; workers and API only
 * once those are ready), then the status is aggregated and patched only when it changed. An
 * AppService whose Kafka namespace this operator does not manage is refused before the workflow
 * runs, so nothing is written for it.
 */
@ControllerConfiguration(name = AppServiceReconciler.NAME)
@Workflow(
    // Invoked from reconcile(), after the check that must hold before anything is written. The
    // cleanup workflow still runs by itself on deletion (this reconciler is no Cleaner).
    explicitInvocation = true,
    dependents = {
      @Dependent(
          name = Parts.INPUT_TOPIC,
          type = InputTopicDependent.class,
          readyPostcondition = TopicReadyCondition.class),
      @Dependent(
          name = Parts.OUTPUT_TOPIC,
          type = OutputTopicDependent.class,
          readyPostcondition = TopicReadyCondition.class),
      @Dependent(
          name = Parts.DLQ_TOPIC,
          type = DeadLetterTopicDependent.class,
          readyPostcondition = TopicReadyCondition.class),
      @Dependent(
          name = Parts.DATABASE,
          type = DatabaseClusterDependent.class,
          readyPostcondition = DatabaseReadyCondition.class),
      @Dependent(
          name = Parts.DATABASE_POLICY,
          type = DatabaseNetworkPolicyDependent.class,
          reconcilePrecondition = CloudNativePGSelected.class),
      @Dependent(
          name = Parts.WORKER_USER,
          type = WorkerKafkaUserDependent.class,
          reconcilePrecondition = KafkaAuthenticationEnabled.class),
      @Dependent(
          name = Parts.API_USER,
          type = ApiKafkaUserDependent.class,
          reconcilePrecondition = KafkaAuthenticationEnabled.class),
      @Dependent(
          name = Parts.KAFKA_CA,
          type = KafkaCaSecretDependent.class,
          reconcilePrecondition = KafkaSecretSourcePresent.class),
      @Dependent(
          name = Parts.WORKER_KAFKA_SECRET,
          type = WorkerKafkaUserSecretDependent.class,
          reconcilePrecondition = KafkaSecretSourcePresent.class),
      @Dependent(
          name = Parts.API_KAFKA_SECRET,
          type = ApiKafkaUserSecretDependent.class,
          reconcilePrecondition = KafkaSecretSourcePresent.class),
      @Dependent(name = Parts.WORKER_SERVICE, type = WorkerServiceDependent.class),
      @Dependent(name = Parts.WORKER_PDB, type = WorkerPodDisruptionBudgetDependent.class),
      @Dependent(name = Parts.WORKER_POLICY, type = WorkerNetworkPolicyDependent.class),
      @Dependent(
          name = Parts.WORKERS,
          type = WorkerStatefulSetDependent.class,
          dependsOn = {Parts.INPUT_TOPIC, Parts.OUTPUT_TOPIC, Parts.DLQ_TOPIC, Parts.DATABASE}),
      @Dependent(name = Parts.API_SERVICE, type = ApiServiceDependent.class),
      @Dependent(name = Parts.API_POLICY, type = ApiNetworkPolicyDependent.class),
      @Dependent(
          name = Parts.API,
          type = ApiDeploymentDependent.class,
          dependsOn = {Parts.INPUT_TOPIC, Parts.OUTPUT_TOPIC, Parts.DATABASE}),
      @Dependent(
          name = Parts.API_INGRESS,
          type = ApiIngressDependent.class,
          reconcilePrecondition = IngressRequested.class),
    })
public class AppServiceReconciler implements Reconciler<AppService> {

  public static final String NAME = "appservice";

  /** Nothing watches an external Secret; look again now and then while it is missing. */
  static final Duration SECRET_RECHECK = Duration.ofSeconds(10);

  private final EventRecorder events;
  private final Set<String> kafkaNamespaces;
  private final NetworkAccess networkAccess;
  private final TopicNamePolicy topicNames;
  private final SecretWriteAccess secretWrites;

  /**
   * @param kafkaNamespaces where KafkaTopics, KafkaUsers and Strimzi's Secrets are watched and
   *     written; empty means all namespaces (see {@link #restrictKafkaParts})
   * @param networkAccess who besides the app's pods may reach them (see {@link NetworkAccess})
   * @param topicNames which topic names the AppServices of a namespace may claim
   * @param secretWriteGrant how an administrator lets the operator write Secrets in a namespace,
   *     for the refusal when it may not (see {@link SecretWriteAccess})
   */
  public AppServiceReconciler(
      KubernetesClient client,
      EventRecorder events,
      Set<String> kafkaNamespaces,
      NetworkAccess networkAccess,
      TopicNamePolicy topicNames,
      SecretWriteGrant secretWriteGrant) {
    this.events = events;
    this.kafkaNamespaces = Set.copyOf(kafkaNamespaces);
    this.networkAccess = networkAccess;
    this.topicNames = topicNames;
    this.secretWrites = new SecretWriteAccess(client, secretWriteGrant, Clock.systemUTC());
  }

  /**
   * Watches the KafkaTopics and KafkaUsers only in {@code kafkaNamespaces} (their dependents are
   * declared for all namespaces), the ones this reconciler was given. An AppService whose Kafka
   * namespace is elsewhere is refused in {@link #reconcile} before the workflow runs.
   */
  public void restrictKafkaParts(ControllerConfigurationOverrider<AppService> controller) {
    if (kafkaNamespaces.isEmpty()) {
      return;
    }
    for (var topic : List.of(Parts.INPUT_TOPIC, Parts.OUTPUT_TOPIC, Parts.DLQ_TOPIC)) {
      controller.replacingNamedDependentResourceConfig(
          topic, inNamespaces(KafkaTopic.class, kafkaNamespaces));
    }
    for (var user : List.of(Parts.WORKER_USER, Parts.API_USER)) {
      controller.replacingNamedDependentResourceConfig(
          user, inNamespaces(KafkaUser.class, kafkaNamespaces));
    }
  }

  private static <R extends HasMetadata> KubernetesDependentResourceConfig<R> inNamespaces(
      Class<R> type, Set<String> namespaces) {
    // As the @KubernetesDependent defaults, but for the namespaces: create only what does not
    // exist yet, so a same-named object that is not ours is refused (409), never taken over.
    return new KubernetesDependentResourceConfigBuilder<R>()
        .withCreateResourceOnlyIfNotExistingWithSSA(true)
        .withKubernetesDependentInformerConfig(
            InformerConfiguration.builder(type)
                .withLabelSelector(Labels.MANAGED_BY_SELECTOR)
                .withNamespaces(namespaces)
                .withFollowControllerNamespacesChanges(false)
                .build())
        .build();
  }

  /** Strimzi's Secrets, copied by the Kafka secret dependents (see {@link KafkaSourceSecrets}). */
  @Override
  public List<EventSource<?, AppService>> prepareEventSources(
      EventSourceContext<AppService> context) {
    return List.of(
        KafkaSourceSecrets.eventSource(context, kafkaNamespaces),
        KafkaTopicRegistry.eventSource(context, kafkaNamespaces));
  }

  @Override
  public UpdateControl<AppService> reconcile(AppService app, Context<AppService> context) {
    var kafkaNamespace = Naming.kafkaNamespace(app);
    if (!kafkaNamespaces.isEmpty() && !kafkaNamespaces.contains(kafkaNamespace)) {
      // Nothing is written, and nothing already there is touched: running parts keep running.
      var status =
          StatusAggregator.kafkaNamespaceNotManaged(app, kafkaNamespace, kafkaNamespaces, now());
      return status.equals(app.getStatus()) ? UpdateControl.noUpdate() : patch(app, status);
    }
    var refusal =
        TopicClaims.refusal(
            app,
            topicNames,
            context.getPrimaryCache().list().toList(),
            KafkaTopicRegistry.all(context));
    if (refusal.isPresent()) {
      // As above: nothing is written, so no KafkaTopic, KafkaUser or credential for the topic.
      var status =
          StatusAggregator.refused(app, refusal.get().reason(), refusal.get().message(), now());
      return status.equals(app.getStatus()) ? UpdateControl.noUpdate() : patch(app, status);
    }
    var secretsForbidden = secretWrites.refusal(app);
    if (secretsForbidden.isPresent()) {
      // As above, and looked at again soon: nothing tells the operator of a new RoleBinding.
      var status =
          StatusAggregator.refused(app, SecretWriteAccess.FORBIDDEN, secretsForbidden.get(), now());
      return (status.equals(app.getStatus())
              ? UpdateControl.<AppService>noUpdate()
              : patch(app, status))
          .rescheduleAfter(SecretWriteAccess.RECHECK);
    }
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(NetworkPolicyDependent.ACCESS, networkAccess);
    workflow.reconcileManagedWorkflow();
    var observed = Parts.observe(app, context);
    var status = StatusAggregator.aggregate(app, observed, now());
    UpdateControl<AppService> control =
        status.equals(app.getStatus()) ? UpdateControl.noUpdate() : patch(app, status);
    boolean waitingForSecret =
        Conditions.find(status.getConditions(), Conditions.DATABASE_READY)
            .filter(c -> "SecretNotFound".equals(c.getReason()))
            .isPresent();
    return waitingForSecret ? control.rescheduleAfter(SECRET_RECHECK) : control;
  }

  private UpdateControl<AppService> patch(AppService app, AppServiceStatus status) {
    events.onStatusChange(app, app.getStatus(), status);
    return UpdateControl.patchStatus(withStatus(app, status));
  }

  @Override
  public ErrorStatusUpdateControl<AppService> updateErrorStatus(
      AppService app, Context<AppService> context, Exception e) {
    var status = StatusAggregator.failed(app, ErrorMessages.forPeople(e), now());
    events.onStatusChange(app, app.getStatus(), status);
    return ErrorStatusUpdateControl.patchStatus(withStatus(app, status));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** A fresh object carrying only what server-side apply should own: the status. */
  private static AppService withStatus(AppService app, AppServiceStatus status) {
    var fresh = new AppService();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(app.getMetadata().getName())
            .withNamespace(app.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
