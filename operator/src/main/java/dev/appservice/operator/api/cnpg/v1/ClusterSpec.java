package dev.appservice.operator.api.cnpg.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterSpec(
    Integer instances, Storage storage, Bootstrap bootstrap, Postgresql postgresql) {

  /** PostgreSQL's settings ({@code spec.postgresql.parameters}, all values strings). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Postgresql(Map<String, String> parameters) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Storage(String size, String storageClass) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Bootstrap(InitDb initdb) {}

  /** {@code secret} is optional: without it CloudNativePG generates the owner's password. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InitDb(String database, String owner) {}
}
