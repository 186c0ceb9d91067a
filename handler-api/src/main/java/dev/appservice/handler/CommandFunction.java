package dev.appservice.handler;

/**
 * What one command type does. An exception marks the command as poison: nothing it did is kept, it
 * goes to the dead-letter topic and its caller sees it failed. Trouble reaching the database is
 * told apart and retried. To refuse a command for a reason of the business, use {@link
 * CommandContext#reject} instead.
 */
@FunctionalInterface
public interface CommandFunction<T> {
  void apply(Command<T> command, CommandContext context) throws Exception;
}
