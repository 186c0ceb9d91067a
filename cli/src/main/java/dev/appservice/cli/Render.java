package dev.appservice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.DesiredState;
import dev.appservice.operator.model.NetworkAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code appservice render}: what the operator would create, with no cluster. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Prints the objects the operator would create for the AppServices of the manifests"
            + " (KafkaTopics, KafkaUsers, the CloudNativePG Cluster, Services, NetworkPolicies,"
            + " the worker StatefulSet, the API Deployment, the Ingress), built by the operator's"
            + " own code, for review and diffs. Other documents (Secrets, ...) are not printed."
            + " Needs no cluster. The copies of Strimzi's Secrets are not shown: Strimzi writes"
            + " their content.")
final class Render implements Callable<Integer> {

  enum Format {
    yaml,
    json
  }

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "Manifest(s) holding AppServices (multi-document YAML or JSON).")
  List<Path> manifests;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Namespace of AppServices that name none. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      description = "yaml or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  private final PrintStream out;

  Render() {
    this(System.out);
  }

  Render(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    var serialization = new KubernetesSerialization();
    var objects = new ArrayList<HasMetadata>();
    for (Path manifest : manifests) {
      for (AppService app : appServices(manifest, serialization)) {
        try {
          objects.addAll(DesiredState.of(app, NetworkAccess.OPEN));
        } catch (RuntimeException e) {
          // The API server would have refused it: say so rather than show a stack trace.
          throw new IllegalArgumentException(
              manifest
                  + ": AppService "
                  + app.getMetadata().getName()
                  + " is incomplete or invalid ("
                  + e
                  + "); the API server's schema says what is missing",
              e);
        }
      }
    }
    if (format == Format.json) {
      out.println(
          serialization.asJson(
              java.util.Map.of("apiVersion", "v1", "kind", "List", "items", objects)));
    } else {
      for (HasMetadata object : objects) {
        String yaml = serialization.asYaml(object);
        out.print(yaml.startsWith("---") ? yaml : "---\n" + yaml);
      }
    }
    return 0;
  }

  private List<AppService> appServices(Path manifest, KubernetesSerialization serialization)
      throws IOException {
    var apps = new ArrayList<AppService>();
    for (JsonNode document : Manifests.appServices(manifest)) {
      AppService app = serialization.convertValue(document, AppService.class);
      if (app.getMetadata() == null || app.getMetadata().getName() == null) {
        throw new IllegalArgumentException(manifest + ": an AppService without metadata.name");
      }
      if (app.getMetadata().getNamespace() == null) {
        app.getMetadata().setNamespace(namespace);
      }
      apps.add(app);
    }
    return apps;
  }
}
