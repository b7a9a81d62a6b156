-- A cancellation frees a nonce held by a transaction of Vigil's that can no longer be mined: a
-- zero-value transfer to the sender itself, stored as one more attempt of the same request. When
-- it is the attempt that gets mined, the request ends CANCELLED instead of CONFIRMED.
alter table relay_attempt add column cancels boolean not null default false;
