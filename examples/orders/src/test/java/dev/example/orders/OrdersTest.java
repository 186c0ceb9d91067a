package dev.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.testkit.AppServiceExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The orders handler on the real parts, through the test kit. */
class OrdersTest {

  @RegisterExtension
  static final AppServiceExtension app = AppServiceExtension.handler("orders").partitions(2);

  @Test
  void anOrderOfARegisteredCustomerIsPlacedAndCounted() {
    assertThat(app.post("customer.register", "c-1", Map.of("name", "Ada")).done()).isTrue();

    var placed = app.post("order.place", "c-1", Map.of("orderId", "o-1", "amount", 25));

    assertThat(placed.done()).isTrue();
    assertThat(placed.eventTypes()).containsExactly("order.placed");
    assertThat(app.document("order", "o-1", Orders.Order.class))
        .hasValueSatisfying(o -> assertThat(o.customerId()).isEqualTo("c-1"));
    assertThat(app.document("customer", "c-1", Orders.Customer.class))
        .hasValueSatisfying(c -> assertThat(c.orders()).isEqualTo(1));
    assertThat(app.awaitEvent("order.placed", "c-1").data().get("orderId").asText())
        .isEqualTo("o-1");
  }

  @Test
  void anOrderOfAnUnknownCustomerIsRejectedWithTheReason() {
    var rejected = app.post("order.place", "c-404", Map.of("orderId", "o-2", "amount", 5));

    assertThat(rejected.httpStatus()).isEqualTo(422);
    assertThat(rejected.rejected()).isTrue();
    assertThat(rejected.reason()).isEqualTo("customer c-404 does not exist");
    assertThat(app.document("order", "o-2")).isEmpty();
    assertThat(app.awaitEvent("order.rejected", "c-404").data().get("orderId").asText())
        .isEqualTo("o-2");
  }

  @Test
  void aRetriedCommandCountsOnce() {
    app.post("customer.register", "c-3", Map.of("name", "Grace"));
    var first = app.post("retry-1", "order.place", "c-3", Map.of("orderId", "o-3", "amount", 9));
    var again = app.post("retry-1", "order.place", "c-3", Map.of("orderId", "o-3", "amount", 9));

    assertThat(again.body()).isEqualTo(first.body());
    assertThat(app.document("customer", "c-3", Orders.Customer.class))
        .hasValueSatisfying(c -> assertThat(c.orders()).isEqualTo(1));
  }

  @Test
  void aNonPositiveAmountIsRejected() {
    app.post("customer.register", "c-4", Map.of("name", "Edsger"));
    var rejected = app.post("order.place", "c-4", Map.of("orderId", "o-4", "amount", 0));

    assertThat(rejected.reason()).isEqualTo("the amount must be positive");
    assertThat(app.document("customer", "c-4", Orders.Customer.class))
        .hasValueSatisfying(c -> assertThat(c.orders()).isZero());
  }

  @Test
  void theHandlersOwnTableIsServedByItsQueries() {
    app.post("customer.register", "c-5", Map.of("name", "Barbara"));
    app.post("customer.register", "c-6", Map.of("name", "Donald"));
    app.post("order.place", "c-5", Map.of("orderId", "o-51", "amount", 10));
    app.post("order.place", "c-5", Map.of("orderId", "o-52", "amount", 30));
    app.post("order.place", "c-6", Map.of("orderId", "o-61", "amount", 1000));
    app.post("order.place", "c-6", Map.of("orderId", "o-62", "amount", -1)); // rejected

    var orders = app.query("orders-of-customer", Map.of("customer", "c-5"));
    assertThat(orders).extracting(o -> o.get("order_id").asText()).containsExactly("o-51", "o-52");
    assertThat(orders.get(1).get("amount").decimalValue()).isEqualByComparingTo("30");
    var page = app.query("orders-of-customer", Map.of("customer", "c-5", "after", "o-51"));
    assertThat(page).extracting(o -> o.get("order_id").asText()).containsExactly("o-52");

    var top = app.query("top-customers", Map.of("min", 40));
    assertThat(top).extracting(c -> c.get("customer_id").asText()).containsExactly("c-6", "c-5");
    assertThat(top.get(0).get("orders").asInt()).isEqualTo(1);
  }
}
