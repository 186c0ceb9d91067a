package dev.appservice.bench;

import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.spi.HandlerContext;
import dev.appservice.runtime.spi.OutputEvent;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Optional;

/** The document handler without output events: the "no output" case of the benchmark. */
public final class SilentDocumentHandler implements EventHandler {
  private final DocumentHandler documents = new DocumentHandler();

  @Override
  public String name() {
    return "document-no-output";
  }

  @Override
  public Optional<String> migrations() {
    return documents.migrations();
  }

  @Override
  public Object parse(CloudEvent event) throws Exception {
    return documents.parse(event);
  }

  @Override
  public void prepare(List<CloudEvent> events, HandlerContext context) throws Exception {
    documents.prepare(events, context);
  }

  @Override
  public List<OutputEvent> handle(CloudEvent event, HandlerContext context) throws Exception {
    documents.handle(event, context);
    return List.of();
  }

  @Override
  public void flush(HandlerContext context) throws Exception {
    documents.flush(context);
  }

  @Override
  public void discard() {
    documents.discard();
  }
}
