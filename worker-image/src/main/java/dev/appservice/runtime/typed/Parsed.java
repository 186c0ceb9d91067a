package dev.appservice.runtime.typed;

import dev.appservice.handler.Command;
import dev.appservice.runtime.document.DocumentKey;
import java.util.List;

/** A command bound to its declared type, with the documents it said it reads. */
record Parsed(Routes.Route<?> route, Command<?> command, List<DocumentKey> reads) {}
