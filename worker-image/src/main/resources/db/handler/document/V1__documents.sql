-- JSON documents materialized by the default document handler.
CREATE TABLE documents (
    entity      text        NOT NULL,
    id          text        NOT NULL,
    doc         jsonb       NOT NULL,
    version     bigint      NOT NULL,
    command_id  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, id)
);
