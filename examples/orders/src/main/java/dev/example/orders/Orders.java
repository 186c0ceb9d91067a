package dev.example.orders;

import dev.appservice.handler.AppHandler;
import dev.appservice.handler.Command;
import dev.appservice.handler.CommandContext;
import dev.appservice.handler.Commands;
import dev.appservice.handler.DocumentRef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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

  private void register(Command<RegisterCustomer> c, CommandContext ctx) {
    var customer = new Customer(c.data().name(), 0);
    ctx.documents().put("customer", c.subject(), customer);
    ctx.emit("customer.registered", c.subject(), customer);
  }

  private void place(Command<PlaceOrder> c, CommandContext ctx) {
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
    ctx.emit(
        "order.placed",
        customerId,
        Map.of("orderId", order.orderId(), "customerId", customerId, "amount", order.amount()));
  }

  private static void reject(Command<PlaceOrder> c, CommandContext ctx, String reason) {
    ctx.emit(
        "order.rejected", c.subject(), Map.of("orderId", c.data().orderId(), "reason", reason));
    ctx.reject(reason);
  }
}
