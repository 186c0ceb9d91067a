package dev.appservice.runtime.typed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.appservice.handler.AppHandler;
import dev.appservice.handler.Caller;
import dev.appservice.handler.Command;
import dev.appservice.handler.CommandFunction;
import dev.appservice.handler.Queries;
import dev.appservice.handler.Reads;
import dev.appservice.runtime.document.DocumentBatch;
import dev.appservice.runtime.document.DocumentKey;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.spi.HandlerContext;
import dev.appservice.runtime.spi.OutputEvent;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an {@link AppHandler} (the handler API app teams write against) as an {@link EventHandler}.
 * A command's data is bound to its declared type ahead of its turn ({@link #parse}), together with
 * the documents it says it reads; {@link #prepare} loads those of the whole batch in one query;
 * {@link #handle} applies one command through a {@link TypedContext}; {@link #flush} writes the
 * batch's documents. Documents live in the document handler's table, so the HTTP API serves them
 * the same way.
 */
public final class TypedHandler implements EventHandler {
  private static final String AUTH_TYPE = "authtype";
  private static final String AUTH_ID = "authid";

  private final AppHandler app;
  private final Routes routes = new Routes();
  private final ObjectMapper json;
  private final DocumentBatch documents;

  public TypedHandler(AppHandler app) {
    this.app = app;
    this.json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A command may carry fields a newer sender added: its handler reads what it knows.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.documents = new DocumentBatch(json);
    app.commands(routes);
    if (routes.isEmpty()) {
      throw new IllegalArgumentException(
          "handler '" + app.name() + "' declares no command types in commands()");
    }
  }

  @Override
  public String name() {
    return app.name();
  }

  /** The handler's own tables, if any; its documents live in the document handler's table. */
  @Override
  public Optional<String> migrations() {
    return app.migrations();
  }

  /** The documents table, migrated as the document handler's (a switch between them keeps it). */
  @Override
  public void queries(Queries queries) {
    app.queries(queries);
  }

  @Override
  public Map<String, String> sharedMigrations() {
    return Map.of("document", "db/handler/document");
  }

  @Override
  public Object parse(CloudEvent event) throws IOException {
    Routes.Route<?> route =
        routes
            .route(event.getType())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "handler '"
                            + app.name()
                            + "' takes no command of type '"
                            + event.getType()
                            + "'; it takes "
                            + routes.types()));
    return parse(event, route);
  }

  private <T> Parsed parse(CloudEvent event, Routes.Route<T> route) throws IOException {
    Command<T> command = command(event, route.dataType());
    List<DocumentKey> reads = new ArrayList<>();
    Reads<T> declared = route.reads();
    for (var ref : declared.of(command)) {
      reads.add(new DocumentKey(ref.entity(), ref.id()));
    }
    return new Parsed(route, command, reads);
  }

  private <T> Command<T> command(CloudEvent event, Class<T> type) throws IOException {
    T data;
    if (event.getData() == null) {
      data = null;
    } else {
      try {
        data = json.readValue(event.getData().toBytes(), type);
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            "the data of "
                + event.getType()
                + " does not bind to "
                + type.getSimpleName()
                + ": "
                + e.getOriginalMessage(),
            e);
      }
    }
    Object authType = event.getExtension(AUTH_TYPE);
    Object authId = event.getExtension(AUTH_ID);
    Optional<Caller> caller =
        authType == null || authId == null
            ? Optional.empty()
            : Optional.of(new Caller(authType.toString(), authId.toString()));
    return new Command<>(
        event.getId(),
        event.getSource().toString(),
        event.getType(),
        event.getSubject(),
        Optional.ofNullable(event.getTime()).map(t -> t.toInstant()),
        caller,
        data);
  }

  @Override
  public void prepare(List<CloudEvent> events, List<Object> parsed, HandlerContext context)
      throws Exception {
    List<DocumentKey> reads = new ArrayList<>();
    for (Object p : parsed) {
      if (p instanceof Parsed command) {
        reads.addAll(command.reads());
      }
    }
    documents.load(context.connection(), reads);
  }

  @Override
  public List<OutputEvent> handle(CloudEvent event, HandlerContext context) throws Exception {
    Parsed parsed = context.parsed() instanceof Parsed p ? p : (Parsed) parse(event);
    TypedContext command = new TypedContext(context, documents, json, event.getId());
    documents.begin();
    apply(parsed, command);
    if (command.rejected()) {
      documents.undo();
    }
    return command.outputs();
  }

  @SuppressWarnings("unchecked")
  private static <T> void apply(Parsed parsed, TypedContext context) throws Exception {
    var route = (Routes.Route<T>) parsed.route();
    CommandFunction<T> function = route.function();
    function.apply((Command<T>) parsed.command(), context);
  }

  @Override
  public void flush(HandlerContext context) throws Exception {
    documents.flush(context.connection());
  }

  @Override
  public void discard() {
    documents.discard();
  }
}
