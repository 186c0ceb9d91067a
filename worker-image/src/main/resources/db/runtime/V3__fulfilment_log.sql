-- One row per committed batch with the command ids it recorded in command_fulfilment. Pruning by age (COMMAND_RETENTION) reads the oldest rows here and deletes
-- their ids through command_fulfilment's primary key: no second index on that table, which every
-- command would pay for. Rows that older runtime versions recorded have no entry here and are not
-- pruned (see the runtime README for a one-off cleanup).
CREATE TABLE fulfilment_log (
    input_topic     text        NOT NULL,
    input_partition integer     NOT NULL,
    next_offset     bigint      NOT NULL,  -- input offset after the batch
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    command_ids     text[]      NOT NULL
);

-- No primary key: after a replay (a rewound or deleted stored offset) a batch that re-applies
-- forgotten commands may end where a batch of the first pass ended. Pruning finds the expired rows
-- of a partition by age, which a replay can make differ from offset order.
CREATE INDEX fulfilment_log_age ON fulfilment_log (input_topic, input_partition, recorded_at);

-- Out of line and uncompressed, like the outbox rows: written once, read once when pruned.
ALTER TABLE fulfilment_log ALTER COLUMN command_ids SET STORAGE EXTERNAL;
