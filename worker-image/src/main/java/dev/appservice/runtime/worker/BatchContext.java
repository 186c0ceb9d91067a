package dev.appservice.runtime.worker;

import dev.appservice.runtime.spi.HandlerContext;
import java.sql.Connection;

/** The handler's view of the transaction; one per worker, updated as the batch moves on. */
final class BatchContext implements HandlerContext {
  private final String appService;
  private final String topic;
  private final int partition;
  Connection connection; // set by BatchProcessor for the batch transaction
  private long offset = -1;
  private Object parsed;
  private BatchItem item;

  BatchContext(String appService, String topic, int partition) {
    this.appService = appService;
    this.topic = topic;
    this.partition = partition;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public String appService() {
    return appService;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public Object parsed() {
    return parsed;
  }

  @Override
  public void reject(String reason) {
    if (item == null) {
      throw new IllegalStateException("reject() is for the event being handled, in handle()");
    }
    if (item.rejection != null) {
      throw new IllegalStateException("the command is already rejected: " + item.rejection);
    }
    item.rejection = Rejections.reason(reason);
  }

  /** Moves to the item being handled, or out of handle() with null. */
  void at(BatchItem item) {
    this.item = item;
    offset = item == null ? -1 : item.record.offset();
    parsed = item == null ? null : item.parsed;
  }
}
