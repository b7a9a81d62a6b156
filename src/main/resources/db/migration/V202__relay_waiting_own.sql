-- The carrier looks for Vigil's own requests that still wait for a nonce on every pass. No index
-- matched that filter, so each pass read every open row, or the whole of relay_tx when the planner
-- chose a scan (about 11 ms a pass once 17,000 client transactions were stored). This one holds only
-- the waiting rows, by age: it is empty while nothing waits.
create index relay_tx_waiting_own on relay_tx (created_at)
    where kind = 'OWN' and status = 'PENDING' and nonce is null and not done;
