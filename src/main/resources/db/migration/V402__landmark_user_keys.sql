-- The key (an Ethereum address, lower case) whose holder owns a hosted user's data. Users hosted
-- before keys existed have none: only the operator reaches their data until one is set.
alter table landmark_user add column user_key text;
