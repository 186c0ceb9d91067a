package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the app's pods authenticate to Kafka. */
public enum KafkaAuthentication {
  @JsonProperty("none")
  NONE,
  @JsonProperty("scram-sha-512")
  SCRAM_SHA_512,
  @JsonProperty("tls")
  TLS
}
