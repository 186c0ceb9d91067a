-- Per-key state kept by the crash test's handler: how often and in which order events arrived.
CREATE TABLE seq_state (
    key       text    PRIMARY KEY,
    first_seq bigint  NOT NULL,
    last_seq  bigint  NOT NULL,
    applied   bigint  NOT NULL,
    batch_ok  boolean NOT NULL,
    in_order  boolean NOT NULL
);
