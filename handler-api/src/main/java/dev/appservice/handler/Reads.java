package dev.appservice.handler;

import java.util.Collection;

/**
 * The documents a command will read, from the command alone (no database): called ahead of the
 * command's turn, possibly on another thread.
 */
@FunctionalInterface
public interface Reads<T> {
  Collection<DocumentRef> of(Command<T> command);
}
