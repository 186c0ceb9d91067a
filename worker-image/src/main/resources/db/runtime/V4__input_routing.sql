-- The partition count the API routes commands with, per input topic, and a requested switch to a
-- larger one. The API changes it only once every command routed with the old count is applied
-- (see RoutingGate in the runtime), so adding partitions keeps each entity's commands in order.
-- The workers create the table (they own the schema); the API reads and updates it.
CREATE TABLE input_routing (
    input_topic text        PRIMARY KEY,
    partitions  integer     NOT NULL CHECK (partitions > 0),
    draining_to integer     CHECK (draining_to > partitions),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
