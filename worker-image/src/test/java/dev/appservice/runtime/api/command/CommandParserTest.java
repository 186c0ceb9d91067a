package dev.appservice.runtime.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.runtime.api.problem.Problem;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandParserTest {
  private final CommandParser documents = new CommandParser("shop", new CommandRules.Documents());

  @Test
  void aPlainCommandBecomesACloudEventKeyedByItsSubject() {
    CommandParser.Parsed parsed =
        parse(
            "{\"id\": \"t-1\", \"type\": \"customer.upsert\", \"subject\": \"c-1\", \"data\": {}}");

    CloudEvent event = parsed.event();
    assertThat(parsed.key()).isEqualTo("c-1");
    assertThat(event.getId()).isEqualTo("t-1");
    assertThat(event.getSource().toString()).isEqualTo("/appservice/shop/api");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void numbersInDataAreKeptExactly() {
    CommandParser.Parsed parsed =
        parse(
            "{\"type\": \"t.upsert\", \"subject\": \"s\", \"data\": {\"big\": 1e400,"
                + " \"price\": 10.10, \"n\": 12345678901234567890}}");

    assertThat(new String(parsed.event().getData().toBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"big\":1E+400,\"price\":10.10,\"n\":12345678901234567890}");
  }

  @Test
  void aCommandWithoutIdGetsATimeOrderedOne() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(parse("{\"type\": \"customer.delete\", \"subject\": \"c-1\"}").id());
    }

    assertThat(ids).doesNotHaveDuplicates().isSorted();
    assertThat(ids).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
  }

  @Test
  void theEntityIdMayComeFromTheDataLikeTheWorkerAccepts() {
    CommandParser.Parsed parsed =
        parse("{\"type\": \"customer.upsert\", \"data\": {\"id\": \"c-9\"}}");

    assertThat(parsed.key()).isEqualTo("c-9");
    assertThat(parsed.event().getSubject()).isEqualTo("c-9");
  }

  @Test
  void structuredCloudEventsKeepTheirAttributesAndExtensions() {
    CommandParser.Parsed parsed =
        documents.parse(
            "application/cloudevents+json; charset=utf-8",
            bytes(
                "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/ui\", \"type\":"
                    + " \"order.patch\", \"subject\": \"o\", \"data\": {\"a\": 1},"
                    + " \"traceparent\": \"00-ab\"}"));

    assertThat(parsed.event().getSource().toString()).isEqualTo("/ui");
    assertThat(parsed.event().getExtension("traceparent")).isEqualTo("00-ab");
  }

  @Test
  void whatTheDocumentHandlerWouldDeadLetterIsRejected() {
    assertProblem("{\"type\": \"customer.create\", \"subject\": \"c\", \"data\": {}}", "/type");
    assertProblem("{\"type\": \"customer.upsert\", \"data\": {}}", "/subject");
    assertProblem("{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": []}", "/data");
    assertProblem("{\"type\": \"customer.patch\", \"subject\": \"c\"}", "/data");
  }

  @Test
  void otherHandlersOnlyNeedASubject() {
    CommandParser generic = new CommandParser("shop", new CommandRules.Generic());

    assertThat(
            generic
                .parse("application/json", bytes("{\"type\": \"anything\", \"subject\": \"s\"}"))
                .key())
        .isEqualTo("s");
    assertThatThrownBy(() -> generic.parse("application/json", bytes("{\"type\": \"anything\"}")))
        .isInstanceOf(Problem.class);
  }

  private CommandParser.Parsed parse(String body) {
    return documents.parse("application/json", bytes(body));
  }

  private void assertProblem(String body, String field) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(
                      p.toJson(new com.fasterxml.jackson.databind.ObjectMapper(), null)
                          .get("field")
                          .asText())
                  .isEqualTo(field);
            });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
