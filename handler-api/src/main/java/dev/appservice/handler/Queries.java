package dev.appservice.handler;

/**
 * The read-only queries over its own tables that an {@link AppHandler} publishes, declared in
 * {@link AppHandler#queries}. The HTTP API serves each at {@code GET /v1/queries/{name}}: a caller
 * needs the scope {@code queries:read:<name>}.
 *
 * <pre>{@code
 * queries.sql(
 *     "orders-of-customer",
 *     "SELECT order_id, amount, placed_at FROM order_ledger"
 *         + " WHERE customer_id = :customer AND order_id > :after ORDER BY order_id",
 *     QueryParameter.text("customer"),
 *     QueryParameter.text("after", ""));
 * }</pre>
 *
 * <p>{@code GET /v1/queries/orders-of-customer?customer=c-1&limit=20} answers {@code {"items":
 * [{"order_id": "o-1", "amount": 5.00, "placed_at": "..."}], "truncated": false}}.
 */
public interface Queries {

  /**
   * Publishes {@code select}, one SQL query over the handler's tables, as {@code GET
   * /v1/queries/{name}}. Its parameters are written {@code :name} and each is declared in {@code
   * parameters}: the caller gives it in the query string, bound as its type (a value that is not of
   * the type is a 400 problem). The API runs the query in a read-only transaction with a statement
   * timeout and answers at most {@code limit} rows (a query parameter of every query, 1 to 500,
   * default 100) as JSON objects named by the columns' labels, with {@code truncated} telling
   * whether there were more: page with a parameter of your own, as in the example above.
   *
   * @param name letters, digits and {@code -}, at most 64
   * @throws IllegalArgumentException if the name is not valid or taken, a parameter is declared
   *     twice or named {@code limit}, or the {@code :names} of {@code select} are not exactly the
   *     declared parameters
   */
  Queries sql(String name, String select, QueryParameter... parameters);
}
