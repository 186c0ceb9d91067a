package dev.appservice.operator.api.v1alpha1;

/** Patterns shared by the API fields. */
final class Names {
  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  static final String KAFKA_TOPIC = "^[a-zA-Z0-9._-]{1,249}$";

  private Names() {}
}
