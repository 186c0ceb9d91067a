package dev.appservice.runtime.typed;

import dev.appservice.handler.AppHandler;
import dev.appservice.handler.Command;
import dev.appservice.handler.CommandContext;
import dev.appservice.handler.Commands;
import dev.appservice.handler.DocumentRef;
import dev.appservice.handler.Queries;
import dev.appservice.handler.QueryParameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A handler written against the handler API only, as an app team would: customers register; an
 * order of a known customer is placed (and counted on the customer), one of an unknown customer or
 * over the customer's limit is rejected with a reason and announced as {@code order.rejected}.
 */
public final class ShopHandler implements AppHandler {

  public record RegisterCustomer(String name, BigDecimal limit) {}

  public record Customer(String name, BigDecimal limit, int orders) {}

  public record PlaceOrder(String customerId, BigDecimal amount, Instant wanted) {}

  public record Order(String customerId, BigDecimal amount, Instant wanted, String placedBy) {}

  @Override
  public String name() {
    return "shop";
  }

  @Override
  public void commands(Commands commands) {
    commands
        .on("customer.register", RegisterCustomer.class, this::register)
        .on(
            "order.place",
            PlaceOrder.class,
            c -> List.of(new DocumentRef("customer", c.data().customerId())),
            this::place);
  }

  /** Queries over the documents table (a handler's own tables work the same). */
  @Override
  public void queries(Queries queries) {
    queries
        .sql(
            "customers-with-limit",
            "SELECT id, doc->>'name' AS name, (doc->>'limit')::numeric AS credit, doc AS document,"
                + " updated_at FROM documents /* the typed API's store */"
                + " WHERE entity = 'customer' AND (doc->>'limit')::numeric >= :min AND id > :after"
                + " ORDER BY id -- keyset pages",
            QueryParameter.number("min"),
            QueryParameter.text("after", ""))
        .sql(
            "order-count",
            "SELECT count(*) AS orders, :flag AS flag, :k::bigint + 1 AS next, ':not_a_parameter' AS text"
                + " FROM documents WHERE entity = 'order'",
            QueryParameter.bool("flag"),
            QueryParameter.integer("k", 0))
        .sql(
            "write-attempt",
            "WITH gone AS (DELETE FROM documents RETURNING id) SELECT count(*) AS n FROM gone")
        .sql("slow", "SELECT pg_sleep(:seconds) AS slept", QueryParameter.number("seconds"));
  }

  private void register(Command<RegisterCustomer> c, CommandContext ctx) {
    var customer = new Customer(c.data().name(), c.data().limit(), 0);
    ctx.documents().put("customer", c.subject(), customer);
    ctx.emit("customer.registered", c.subject(), customer);
  }

  private void place(Command<PlaceOrder> c, CommandContext ctx) {
    var order = c.data();
    var customer = ctx.documents().get("customer", order.customerId(), Customer.class);
    if (customer.isEmpty()) {
      reject(c, ctx, "customer " + order.customerId() + " does not exist");
      return;
    }
    // Written before the limit is checked: a rejection must take it back.
    String caller = c.caller().map(who -> who.type() + ":" + who.id()).orElse("kafka");
    ctx.documents()
        .put(
            "order",
            c.subject(),
            new Order(order.customerId(), order.amount(), order.wanted(), caller));
    ctx.documents()
        .patch("customer", order.customerId(), Map.of("orders", customer.get().orders() + 1));
    if (order.amount().compareTo(customer.get().limit()) > 0) {
      reject(c, ctx, "the amount " + order.amount() + " is over the customer's limit");
      return;
    }
    ctx.emit("order.placed", c.subject(), order);
  }

  private static void reject(Command<PlaceOrder> c, CommandContext ctx, String reason) {
    ctx.emit("order.rejected", c.subject(), Map.of("reason", reason));
    ctx.reject(reason);
  }
}
