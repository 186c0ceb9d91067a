package dev.appservice.bench;

import dev.appservice.handler.AppHandler;
import dev.appservice.handler.Commands;

/**
 * The document handler's upsert written against the handler API, one command at a time: the data
 * bound to a record, put as the customer's document, emitted as {@code customer.upserted}. The
 * benchmark runs it on the document handler's workload to show what the typed API costs.
 */
public final class TypedCustomers implements AppHandler {

  /** The benchmark workload's customer document. */
  public record Customer(String id, String name, String tier, long n) {}

  @Override
  public String name() {
    return "typed-customers";
  }

  @Override
  public void commands(Commands commands) {
    commands.on(
        "customer.upsert",
        Customer.class,
        (command, context) -> {
          context.documents().put("customer", command.subject(), command.data());
          context.emit("customer.upserted", command.subject(), command.data());
        });
  }
}
