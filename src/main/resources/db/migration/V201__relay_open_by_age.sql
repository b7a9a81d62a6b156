-- The carrier reads the open requests oldest first on every pass. Without an index in that order
-- PostgreSQL scanned the whole of relay_tx, so a pass grew with every request ever relayed; this
-- one holds the open rows only, by age.
drop index relay_tx_open;
create index relay_tx_open on relay_tx (created_at) where not done;
