package dev.appservice.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parts of the offline validation that the AppService CRD does not reach (ValidateIT checks
 * that one against the real API server).
 */
class CrdValidatorTest {

  private static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      spec:
        group: example.dev
        names: {kind: Widget}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    namespace: {type: string}
                    size: {type: integer, default: 3}
                    labels:
                      type: object
                      additionalProperties: {type: string}
                    free:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
                  x-kubernetes-validations:
                  - rule: "self.size <= 10"
                    messageExpression: "'size ' + string(self.size) + ' is over 10'"
                  - rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'"
                    message: not kube-system
                    fieldPath: .namespace
                  - rule: "self.size >= oldSelf.size"
                    message: only on updates
                  - rule: "self.labels.all(k, k.startsWith('x'))"
      """;

  private static final CrdValidator VALIDATOR =
      CrdValidator.of(new ByteArrayInputStream(CRD.getBytes(StandardCharsets.UTF_8)));

  private static JsonNode widget(String spec) throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readTree("apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec: " + spec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "500m", "1Gi", "1.5", ".5", "2.", "1e3", "1E-3", "+4k", "-1", "3Ei"})
  void quantities(String text) {
    assertThat(Quantities.isQuantity(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "1 GB", "1GB", "1.5.5", "Gi", "1Ki5", "e3", "1ki"})
  void notQuantities(String text) {
    assertThat(Quantities.isQuantity(text)).isFalse();
  }

  @Test
  void propertyNamesAreEscapedAsTheApiServerEscapesThem() {
    assertThat(CelRules.escape("namespace")).isEqualTo("__namespace__");
    assertThat(CelRules.escape("a.b-c/d")).isEqualTo("a__dot__b__dash__c__slash__d");
    assertThat(CelRules.escape("x__y")).isEqualTo("x__underscores__y");
    assertThat(CelRules.escape("plain")).isEqualTo("plain");
  }

  @Test
  void defaultsApplyBeforeTheRulesAndTransitionRulesWaitForAnUpdate() throws Exception {
    assertThat(VALIDATOR.validate(widget("{labels: {xa: b}}"))).isEmpty();
  }

  @Test
  void messageExpressionAndFieldPathShapeTheProblem() throws Exception {
    assertThat(VALIDATOR.validate(widget("{size: 11, namespace: kube-system, labels: {}}")))
        .extracting(Problem::toString)
        .containsExactly("spec: size 11 is over 10", "spec.namespace: not kube-system");
  }

  @Test
  void aRuleWithoutAMessageNamesItself() throws Exception {
    assertThat(VALIDATOR.validate(widget("{labels: {y: z}}")))
        .extracting(Problem::toString)
        .containsExactly("spec: failed rule: self.labels.all(k, k.startsWith('x'))");
  }

  @Test
  void unknownFieldsAreReportedExceptWhereTheSchemaKeepsThem() throws Exception {
    assertThat(VALIDATOR.validate(widget("{labels: {}, colour: red, free: {any: thing}}")))
        .extracting(Problem::toString)
        .containsExactly("spec.colour: unknown field");
  }

  @Test
  void theWrongKindOfObjectOrNameIsSaid() throws Exception {
    var object = (com.fasterxml.jackson.databind.node.ObjectNode) widget("{labels: {}}");
    object.put("apiVersion", "example.dev/v2");
    object.with("metadata").put("name", "Not_A_Name");
    assertThat(VALIDATOR.validate(object))
        .extracting(Problem::field)
        .containsExactly("apiVersion", "metadata.name");
  }

  @Test
  void aTypeErrorStopsTheRulesAsOnTheApiServer() throws Exception {
    assertThat(VALIDATOR.validate(widget("{size: big, labels: {}}")))
        .extracting(Problem::field)
        .containsExactly("spec.size", "");
  }
}
