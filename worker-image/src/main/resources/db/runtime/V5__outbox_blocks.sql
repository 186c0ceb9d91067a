-- The outbox as one compressed block per batch (OutboxBlock in the runtime): the records of a
-- batch are written by one INSERT of one value, about a sixth of their size, instead of eleven
-- arrays that PostgreSQL parses element by element and writes out uncompressed.
CREATE TABLE outbox_blocks (
    input_topic     text    NOT NULL,
    input_partition integer NOT NULL,
    first_offset    bigint  NOT NULL,  -- first input offset of the batch
    next_offset     bigint  NOT NULL,  -- input offset after the batch
    records         integer NOT NULL,  -- how many records the block holds
    block           bytea   NOT NULL,
    PRIMARY KEY (input_topic, input_partition, next_offset)
);

-- Out of line and not compressed again: the runtime compressed it already.
ALTER TABLE outbox_blocks ALTER COLUMN block SET STORAGE EXTERNAL;

-- outbox_batches stays until no worker of an older version can write to it, like the outbox of V1.
COMMENT ON TABLE outbox_batches IS
    'Outbox of runtime versions before outbox_blocks; read only to publish leftovers.';
