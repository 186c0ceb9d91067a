package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The user's database Secret: only its existence is checked (a read, never a write). */
public final class ExternalDatabase {

  private ExternalDatabase() {}

  public static boolean secretExists(AppService app, KubernetesClient client) {
    var name = app.getSpec().getDatabase().getExternal().getSecretRef().getName();
    return client.secrets().inNamespace(app.getMetadata().getNamespace()).withName(name).get()
        != null;
  }
}
