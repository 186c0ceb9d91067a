package dev.appservice.runtime.worker;

import dev.appservice.runtime.spi.EventHandler;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An input record, decoded as a CloudEvent and parsed by the handler ({@link EventHandler#parse}),
 * or with the reason it could not be: {@code event} is null if it is no CloudEvent, {@code error}
 * set with an event if the handler rejected it.
 */
record BatchInput(
    ConsumerRecord<byte[], byte[]> record, CloudEvent event, Object parsed, Exception error) {}
