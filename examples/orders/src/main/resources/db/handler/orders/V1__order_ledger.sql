-- The orders handler's own table (beside the documents it keeps): one row per placed order,
-- written in the command's transaction, read by the queries the handler publishes.
CREATE TABLE order_ledger (
  customer_id text           NOT NULL,
  order_id    text           NOT NULL,
  amount      numeric(12, 2) NOT NULL,
  placed_at   timestamptz    NOT NULL,
  PRIMARY KEY (customer_id, order_id)
);
