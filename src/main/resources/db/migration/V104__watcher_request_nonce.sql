-- The nonce a dispute request puts on chain, in a column of its own instead of read back out of the
-- request id (dispute:<channel>:<nonce>[:<attempt>]). Set exactly for DISPUTE requests: settles and
-- withdrawals carry no nonce, so the column cannot be NOT NULL; the check says the same per purpose.
alter table watcher_request add column dispute_nonce bigint;

update watcher_request
   set dispute_nonce = split_part(request_id, ':', 3)::bigint
 where purpose = 'DISPUTE';

alter table watcher_request
  add constraint watcher_request_dispute_nonce
  check ((purpose = 'DISPUTE') = (dispute_nonce is not null));

