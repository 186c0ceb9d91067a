-- The runtime's own tables. Handler tables live in the handler's own migrations.

-- Epochs come from a sequence so they never repeat, even if an input_offsets row is deleted.
CREATE SEQUENCE partition_epoch;

-- One row per owned input partition: where to resume, and who may write (fencing).
CREATE TABLE input_offsets (
    input_topic     text        NOT NULL,
    input_partition integer     NOT NULL,
    next_offset     bigint      NOT NULL,
    epoch           bigint      NOT NULL,
    owner           text        NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (input_topic, input_partition)
);

-- Kafka records written in the batch transaction and published after commit.
CREATE TABLE outbox (
    input_topic     text    NOT NULL,
    input_partition integer NOT NULL,
    input_offset    bigint  NOT NULL,
    idx             integer NOT NULL,
    event_id        text    NOT NULL,
    topic           text    NOT NULL,
    record_key      bytea,
    record_value    bytea,
    headers         bytea,
    PRIMARY KEY (input_topic, input_partition, input_offset, idx)
);

-- One row per command (input event id): the API waits on it (LISTEN appservice_fulfilment).
-- The ids of its output events follow from the input position:
-- <input_topic>/<input_partition>/<input_offset>/<i> for i in [0, output_events).
CREATE TABLE command_fulfilment (
    command_id      text        PRIMARY KEY,
    status          text        NOT NULL CHECK (status IN ('done', 'failed')),
    input_topic     text        NOT NULL,
    input_partition integer     NOT NULL,
    input_offset    bigint      NOT NULL,
    output_events   integer     NOT NULL,
    error           text,
    fulfilled_at    timestamptz NOT NULL DEFAULT now()
);
