-- The outbox as one row per batch: the records' columns as arrays, in publication order. One tuple
-- (plus TOAST chunks) per batch instead of a tuple and a primary-key entry per record, and one
-- tuple to delete once the batch is published.
CREATE TABLE outbox_batches (
    input_topic     text      NOT NULL,
    input_partition integer   NOT NULL,
    first_offset    bigint    NOT NULL,  -- first input offset of the batch
    next_offset     bigint    NOT NULL,  -- input offset after the batch
    input_offsets   bigint[]  NOT NULL,  -- per record: the input event that produced it
    indexes         integer[] NOT NULL,  -- per record: its position among that event's records
    event_ids       text[]    NOT NULL,
    topics          text[]    NOT NULL,
    record_keys     bytea[]   NOT NULL,
    record_values   bytea[]   NOT NULL,
    headers         bytea[]   NOT NULL,
    PRIMARY KEY (input_topic, input_partition, next_offset)
);

-- Out of line and uncompressed: the rows live for one batch, so compressing them costs more CPU
-- than the bytes it saves.
ALTER TABLE outbox_batches
    ALTER COLUMN input_offsets SET STORAGE EXTERNAL,
    ALTER COLUMN indexes SET STORAGE EXTERNAL,
    ALTER COLUMN event_ids SET STORAGE EXTERNAL,
    ALTER COLUMN topics SET STORAGE EXTERNAL,
    ALTER COLUMN record_keys SET STORAGE EXTERNAL,
    ALTER COLUMN record_values SET STORAGE EXTERNAL,
    ALTER COLUMN headers SET STORAGE EXTERNAL;

-- The per-record outbox of V1 stays until no worker of an older version can write to it: during a
-- rolling upgrade such a worker still does, and the new worker that takes its partition over
-- publishes and deletes those rows before its own.
COMMENT ON TABLE outbox IS
    'Outbox of runtime versions before outbox_batches; read only to publish leftovers.';
