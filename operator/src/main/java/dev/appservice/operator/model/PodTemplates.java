package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.ApiKeysSpec;
import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Pod templates of the runtime image: restricted security context, probes, config hash. */
public final class PodTemplates {

  public static final String CONFIG_HASH = "appservice.dev/config-hash";

  /** Digest of the mounted Kafka credentials (see {@link KafkaCredentials#digest}). */
  public static final String CREDENTIALS_HASH = "appservice.dev/credentials-hash";

  /**
   * Version of the database Secret the pods read (see {@code DatabaseCredentials}): they roll when
   * it is rotated.
   */
  public static final String DATABASE_SECRET_VERSION = "appservice.dev/database-secret-version";

  private PodTemplates() {}

  public static PodTemplateSpec of(
      AppService app,
      String component,
      String image,
      List<EnvVar> env,
      ResourceRequirements resources,
      List<ContainerPort> ports) {
    var container = container(app, component, image, env, resources, ports);
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Labels.of(app, component))
        .addToAnnotations(CONFIG_HASH, hash(container.toString()))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container)
        .withVolumes(volumes(app, component))
        .endSpec()
        .build();
  }

  private static Container container(
      AppService app,
      String component,
      String image,
      List<EnvVar> env,
      ResourceRequirements resources,
      List<ContainerPort> ports) {
    return new ContainerBuilder()
        .withName(component)
        .withImage(image)
        .withArgs(component)
        .withEnv(env)
        .withPorts(ports)
        .withResources(resources)
        .withLivenessProbe(probe("/health/live"))
        .withReadinessProbe(probe("/health/ready"))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts(app, component))
        .build();
  }

  private static Probe probe(String path) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort("management")
        .endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(3)
        .build();
  }

  private static List<VolumeMount> mounts(AppService app, String component) {
    var mounts = new ArrayList<VolumeMount>();
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    mounts.add(mount("database-ca", EnvContract.DATABASE_CA_DIR));
    var security = KafkaSecurity.of(app);
    if (security.enabled()) {
      mounts.add(mount("kafka-ca", KafkaSecurity.CA_DIR));
      if (security.clientCertificate()) {
        mounts.add(mount("kafka-user", KafkaSecurity.USER_DIR));
      }
    }
    if (apiKeys(app, component) != null) {
      mounts.add(mount("api-keys", EnvContract.API_KEYS_DIR));
    }
    return mounts;
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }

  private static List<Volume> volumes(AppService app, String component) {
    var volumes = new ArrayList<Volume>();
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    // Only the certificate: CloudNativePG's CA Secret also holds the CA's private key.
    volumes.add(
        new VolumeBuilder()
            .withName("database-ca")
            .withNewSecret()
            .withSecretName(EnvContract.databaseCaSecret(app))
            .addNewItem()
            .withKey("ca.crt")
            .withPath("ca.crt")
            .endItem()
            .withOptional(app.getSpec().getDatabase().usesCloudNativePG() ? null : true)
            .endSecret()
            .build());
    var security = KafkaSecurity.of(app);
    if (security.enabled()) {
      volumes.add(secretVolume("kafka-ca", KafkaCredentials.caSecret(app)));
      if (security.clientCertificate()) {
        volumes.add(secretVolume("kafka-user", KafkaCredentials.userSecret(app, component)));
      }
    }
    var keys = apiKeys(app, component);
    if (keys != null) {
      // One item at a fixed path; a projected key (not a subPath) follows edits to the Secret.
      volumes.add(
          new VolumeBuilder()
              .withName("api-keys")
              .withNewSecret()
              .withSecretName(keys.getSecretName())
              .addNewItem()
              .withKey(keys.getKey())
              .withPath("keys")
              .endItem()
              .endSecret()
              .build());
    }
    return volumes;
  }

  /** The API keys Secret an API pod mounts; null for workers and for APIs without keys. */
  private static ApiKeysSpec apiKeys(AppService app, String component) {
    var auth = app.getSpec().getApi().getAuth();
    return Naming.API.equals(component) && auth != null ? auth.getApiKeys() : null;
  }

  private static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .endSecret()
        .build();
  }

  /**
   * The first 16 hex digits of the SHA-256 of {@code content}: the config and credentials digests
   * of pod templates, and the suffix of shortened KafkaUser names.
   */
  public static String hash(String content) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
