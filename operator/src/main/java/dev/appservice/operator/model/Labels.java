package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The labels the operator puts on everything it creates and selects pods by. */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String OPERATOR = "appservice-operator";
  public static final String MANAGED_BY_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** Owner of cross-namespace objects, which cannot carry an owner reference. */
  public static final String OWNER_NAME = "appservice.dev/name";

  public static final String OWNER_NAMESPACE = "appservice.dev/namespace";
  public static final String STRIMZI_CLUSTER = "strimzi.io/cluster";
  public static final String CNPG_CLUSTER = "cnpg.io/cluster";
  public static final String POD_INDEX = "apps.kubernetes.io/pod-index";

  private Labels() {}

  public static Map<String, String> of(AppService app, String component) {
    var labels = new LinkedHashMap<String, String>(selector(app, component));
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(PART_OF, Naming.name(app));
    labels.put(OWNER_NAME, Naming.name(app));
    labels.put(OWNER_NAMESPACE, Naming.namespace(app));
    return labels;
  }

  /**
   * Metadata of an object in the AppService's own namespace, carrying the labels of {@link #of}.
   */
  public static ObjectMeta metadata(AppService app, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(Naming.namespace(app))
        .withLabels(of(app, component))
        .build();
  }

  public static Map<String, String> selector(AppService app, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, "appservice");
    labels.put(INSTANCE, Naming.name(app));
    labels.put(COMPONENT, component);
    return labels;
  }

  /** Selects every pod of this app (workers and API), e.g. as database clients. */
  public static Map<String, String> appPods(AppService app) {
    return Map.of(NAME, "appservice", INSTANCE, Naming.name(app));
  }

  public static String asSelector(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
