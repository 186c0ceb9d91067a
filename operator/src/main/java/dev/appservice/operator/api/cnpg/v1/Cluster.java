package dev.appservice.operator.api.cnpg.v1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** CloudNativePG's PostgreSQL cluster. */
@Group("postgresql.cnpg.io")
@Version("v1")
@Kind("Cluster")
@Plural("clusters")
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {

  /** Secret CloudNativePG creates with username, password, host, port, dbname, uri, jdbc-uri. */
  public static String appSecretName(String cluster) {
    return cluster + "-app";
  }

  /**
   * The Secret with the server CA that CloudNativePG creates for a cluster ({@code ca.crt}, and the
   * CA's key, which no pod of ours mounts).
   */
  public static String serverCaSecretName(String cluster) {
    return cluster + "-ca";
  }

  /** Service that always points at the primary (read-write). */
  public static String readWriteServiceName(String cluster) {
    return cluster + "-rw";
  }
}
