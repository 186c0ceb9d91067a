package dev.example.orders;

import dev.appservice.handler.AppHandler;
import dev.appservice.handler.Command;
import dev.appservice.handler.CommandContext;
import dev.appservice.handler.Commands;
import dev.appservice.handler.DocumentRef;
import dev.appservice.handler.Queries;
import dev.appservice.handler.QueryParameter;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders of a shop. Commands are about a customer (their subject is the customer's id), so a
 * customer's orders are applied in order by one worker, which keeps the customer's order count.
 *
 * <ul>
 *   <li>{@code customer.register} {name}: the customer, with no orders yet; emits {@code
 *       customer.registered}.
 *   <li>{@code order.place} {orderId, amount}: for a registered customer and a positive amount, the
 *       order and one more on the customer's count; emits {@code order.placed}. Otherwise rejected
 *       with the reason, and {@code order.rejected} announces it.
 * </ul>
 *
 * <p>Placed orders also go to a table of the handler's own ({@code order_ledger}, its migrations in
 * {@code db/handler/orders}), which two published queries read: {@code orders-of-customer} (a
 * customer's orders, paged by order id) and {@code top-customers} (customers by amount spent).
 */
public final class Orders implements AppHandler {

  public record RegisterCustomer(String name) {}

  public record PlaceOrder(String orderId, BigDecimal amount) {}

  public record Customer(String name, int orders) {}

  public record Order(String customerId, BigDecimal amount, String placedBy) {}

  @Override
  public String name() {
    return "orders";
  }

  @Override
  public void commands(Commands commands) {
    commands
        .on("customer.register", RegisterCustomer.class, this::register)
        .on(
            "order.place",
            PlaceOrder.class,
            c -> List.of(new DocumentRef("customer", c.subject())),
            this::place);
  }

  @Override
  public Optional<String> migrations() {
    return Optional.of("db/handler/orders");
  }

  @Override
  public void queries(Queries queries) {
    queries
        .sql(
            "orders-of-customer",
            "SELECT order_id, amount, placed_at FROM order_ledger"
                + " WHERE customer_id = :customer AND order_id > :after ORDER BY order_id",
            QueryParameter.text("customer"),
            QueryParameter.text("after", ""))
        .sql(
            "top-customers",
            "SELECT customer_id, count(*) AS orders, sum(amount) AS spent FROM order_ledger"
                + " GROUP BY customer_id HAVING sum(amount) >= :min ORDER BY spent DESC, customer_id",
            QueryParameter.number("min"));
  }

  private void register(Command<RegisterCustomer> c, CommandContext ctx) {
    var customer = new Customer(c.data().name(), 0);
    ctx.documents().put("customer", c.subject(), customer);
    ctx.emit("customer.registered", c.subject(), customer);
  }

  private void place(Command<PlaceOrder> c, CommandContext ctx) throws SQLException {
    String customerId = c.subject();
    PlaceOrder order = c.data();
    var customer = ctx.documents().get("customer", customerId, Customer.class);
    if (customer.isEmpty()) {
      reject(c, ctx, "customer " + customerId + " does not exist");
      return;
    }
    if (order.amount() == null || order.amount().signum() <= 0) {
      reject(c, ctx, "the amount must be positive");
      return;
    }
    String placedBy = c.caller().map(who -> who.id()).orElse("unknown");
    ctx.documents().put("order", order.orderId(), new Order(customerId, order.amount(), placedBy));
    ctx.documents().patch("customer", customerId, Map.of("orders", customer.get().orders() + 1));
    ledger(ctx, customerId, order, c.time().orElseGet(Instant::now));
    ctx.emit(
        "order.placed",
        customerId,
        Map.of("orderId", order.orderId(), "customerId", customerId, "amount", order.amount()));
  }

  /** The order in the handler's own table, in the command's transaction. */
  private static void ledger(
      CommandContext ctx, String customerId, PlaceOrder order, Instant placedAt)
      throws SQLException {
    try (PreparedStatement st =
        ctx.connection()
            .prepareStatement(
                "INSERT INTO order_ledger (customer_id, order_id, amount, placed_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      st.setString(1, customerId);
      st.setString(2, order.orderId());
      st.setBigDecimal(3, order.amount());
      st.setObject(4, placedAt.atOffset(ZoneOffset.UTC));
      st.executeUpdate();
    }
  }

  private static void reject(Command<PlaceOrder> c, CommandContext ctx, String reason) {
    ctx.emit(
        "order.rejected", c.subject(), Map.of("orderId", c.data().orderId(), "reason", reason));
    ctx.reject(reason);
  }
}
