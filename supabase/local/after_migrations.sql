-- Local only: let the edge functions' roles log in with the passwords that
-- the functions' wrangler.toml `localConnectionString` values carry. In
-- production the operator sets real passwords (README, "Deploying").
-- Local only: a cheap SCRAM verifier. Under `wrangler dev` every request
-- opens a new connection (the local Hyperdrive binding does not pool), and
-- 4,096 PBKDF2 rounds in Wasm would dominate each request's latency.
set scram_iterations = 64;
alter role mignuti_fn_session login password 'local-session';
alter role mignuti_fn_chat login password 'local-chat';
alter role mignuti_fn_history login password 'local-history';
alter role mignuti_fn_export login password 'local-export';
alter role mignuti_fn_knowledge login password 'local-knowledge';
