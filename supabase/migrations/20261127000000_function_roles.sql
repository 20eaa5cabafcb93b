-- Database roles of the edge functions.
--
-- Every function connects through its own Hyperdrive configuration as its own
-- login role and then, per transaction, switches to the API role that the
-- request's credentials allow (`set_config('role', …, true)`, as PostgREST
-- does). A function role is `noinherit`, so it holds no privilege of its own:
-- it can only act as one of the roles granted here, and each function is
-- granted only those it needs. Logins are enabled by the operator
-- (`alter role … login password …`, see README), never by a migration.

do $$
declare
  r text;
begin
  -- Website visitors holding a session token: their own conversation only.
  if not exists (select 1 from pg_roles where rolname = 'widget_visitor') then
    create role widget_visitor nologin noinherit;
  end if;
  foreach r in array array['mignuti_fn_session', 'mignuti_fn_chat', 'mignuti_fn_history',
                           'mignuti_fn_export', 'mignuti_fn_knowledge']
  loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
end
$$;

grant usage on schema public to widget_visitor;
grant usage on schema auth to widget_visitor;
grant execute on function auth.jwt(), auth.uid(), auth.role() to widget_visitor;

-- session: resolves a publishable key and opens a conversation.
grant anon, widget_visitor to mignuti_fn_session;
-- chat: acts for the visitor whose session token it verified.
grant widget_visitor to mignuti_fn_chat;
-- delete-history: acts for the holder of a delete token.
grant anon, widget_visitor to mignuti_fn_history;
-- export: org members by their Supabase Auth token; the scheduled purge as service_role.
grant authenticated, service_role to mignuti_fn_export;
-- knowledge: org owners and admins by their Supabase Auth token.
grant authenticated to mignuti_fn_knowledge;
