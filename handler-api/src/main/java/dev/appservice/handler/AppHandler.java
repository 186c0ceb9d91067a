package dev.appservice.handler;

import java.util.Optional;

/**
 * An app service's logic: the commands it takes and what each does to the app's documents and its
 * output events. The runtime finds implementations with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.appservice.handler.AppHandler} entry) and runs the one whose {@link
 * #name()} the AppService's {@code spec.worker.handler} names.
 *
 * <p>A worker owns one partition of the input topic and applies its commands one at a time, in
 * order, each exactly once: what a command writes through {@link CommandContext#documents()}, the
 * events it emits and its outcome are committed in one database transaction with the input offset.
 * The runtime groups commands into batches for speed; a handler does not see them, but it tells the
 * runtime which documents a command reads ({@link Commands#on(String, Class, Reads,
 * CommandFunction)}) so that a batch loads them in one round trip.
 *
 * <p>Commands are spread over partitions by their subject. Each document should be written by the
 * commands of one partition only: key the commands that change an entity by that entity (e.g. an
 * order that counts on its customer takes the customer's id as subject). Reading a document that
 * another partition writes is fine; it shows that partition's last commit.
 *
 * <pre>{@code
 * public final class Orders implements AppHandler {
 *   public String name() { return "orders"; }
 *
 *   public void commands(Commands commands) {
 *     commands.on("order.place", PlaceOrder.class,
 *         c -> List.of(new DocumentRef("customer", c.data().customerId())),
 *         this::place);
 *   }
 *
 *   void place(Command<PlaceOrder> c, CommandContext ctx) {
 *     if (ctx.documents().get("customer", c.data().customerId(), Customer.class).isEmpty()) {
 *       ctx.reject("customer " + c.data().customerId() + " does not exist");
 *       return;
 *     }
 *     ctx.documents().put("order", c.subject(), new Order(c.data().customerId(), c.data().lines()));
 *     ctx.emit("order.placed", c.subject(), c.data());
 *   }
 * }
 * }</pre>
 */
public interface AppHandler {

  /** The name {@code spec.worker.handler} selects (env {@code HANDLER}). */
  String name();

  /**
   * Declares the command types this handler takes; called once, before the first command. A command
   * of a type not declared here is poison: it goes to the dead-letter topic.
   */
  void commands(Commands commands);

  /**
   * Classpath location of Flyway migrations for tables of the handler's own (e.g. {@code
   * db/handler/orders}), run at start-up with their own history table; empty if it keeps all its
   * state as documents.
   */
  default Optional<String> migrations() {
    return Optional.empty();
  }

  /**
   * Publishes read-only queries over the handler's own tables, which the HTTP API serves at {@code
   * GET /v1/queries/{name}}; called once when the API starts. Documents written through {@link
   * CommandContext#documents()} need none: the API serves them at {@code /v1/entities}. None by
   * default.
   */
  default void queries(Queries queries) {}
}
