-- A handler may reject a command for a reason of the business (CommandContext.reject in the handler
-- API): recorded with status 'rejected' and the reason in the error column. Unlike 'failed' it is
-- an outcome the caller gets as a 422 problem, not a dead letter. Widening the check is compatible
-- both ways: a worker of the previous version never writes 'rejected'.
ALTER TABLE command_fulfilment DROP CONSTRAINT command_fulfilment_status_check;
ALTER TABLE command_fulfilment
    ADD CONSTRAINT command_fulfilment_status_check
    CHECK (status IN ('done', 'failed', 'rejected'));
