package dev.appservice.runtime.api.query;

import static dev.appservice.handler.QueryParameter.integer;
import static dev.appservice.handler.QueryParameter.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.handler.QueryParameter;
import org.junit.jupiter.api.Test;

class SqlQueryTest {

  @Test
  void namedParametersBecomeJdbcPlaceholdersInOrderOfUse() {
    SqlQuery query =
        SqlQuery.of(
            "q", "SELECT * FROM t WHERE a = :a AND b > :b OR a = :a", text("a"), integer("b"));
    assertThat(query.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b > ? OR a = ?");
    assertThat(query.bindings()).extracting(QueryParameter::name).containsExactly("a", "b", "a");
  }

  @Test
  void castsLiteralsIdentifiersAndCommentsAreLeftAlone() {
    SqlQuery query =
        SqlQuery.of(
            "q",
            "SELECT :a::int, ':x', \"col:y\", $$:z$$, $t$ :w $t$ -- :c\n /* :d */ FROM t",
            integer("a"));
    assertThat(query.jdbcSql())
        .isEqualTo("SELECT ?::int, ':x', \"col:y\", $$:z$$, $t$ :w $t$ -- :c\n /* :d */ FROM t");
  }

  @Test
  void mistakesAreSaidWhenTheApiStarts() {
    assertThatThrownBy(() -> SqlQuery.of("q", "SELECT :a"))
        .hasMessageContaining(":a, which is not declared");
    assertThatThrownBy(() -> SqlQuery.of("q", "SELECT 1", text("a")))
        .hasMessageContaining("declares parameter 'a' but does not use it");
    assertThatThrownBy(() -> SqlQuery.of("q", "SELECT :a", text("a"), text("a")))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> SqlQuery.of("q", "SELECT :limit", text("limit")))
        .hasMessageContaining("other than 'limit'");
    assertThatThrownBy(() -> SqlQuery.of("q", "SELECT ?")).hasMessageContaining("not ?");
    assertThatThrownBy(() -> SqlQuery.of("q", "SELECT 'open")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> SqlQuery.of("no spaces", "SELECT 1"))
        .hasMessageContaining("letters, digits and '-'");
    assertThatThrownBy(() -> SqlQuery.of("q", " ")).hasMessageContaining("no SQL");
  }

  @Test
  void aQueryIsPublishedOnce() {
    var queries = PublishedQueries.none();
    queries.sql("q", "SELECT 1");
    assertThatThrownBy(() -> queries.sql("q", "SELECT 2")).hasMessageContaining("published twice");
  }
}
