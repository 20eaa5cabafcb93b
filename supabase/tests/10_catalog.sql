-- Catalog rules that keep a new table or function from escaping the model:
--   * every table in an application schema has RLS enabled and at least one policy;
--   * no policy is FOR ALL or applies to PUBLIC;
--   * every column a policy filters on by tenant (org_id, project_id, user_id,
--     conversation_id) leads some index;
--   * every function in an application schema has a fixed search_path, and a
--     security definer one is not executable by PUBLIC, nor by anon unless it
--     is one of the widget's entry points (Supabase's default privileges grant
--     EXECUTE on new functions to anon, authenticated and service_role:
--     `revoke all … from public, anon, authenticated, service_role`, then grant);
--   * the audit log grants no API role INSERT, UPDATE, DELETE or TRUNCATE,
--     and no API role may TRUNCATE any table (TRUNCATE ignores RLS).

create temp view app_tables as
select c.oid, n.nspname, c.relname, c.relrowsecurity
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p')
  and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'extensions', 'supabase_migrations',
                        'storage', 'realtime', 'vault', 'graphql', 'graphql_public', 'net', 'cron',
                        'supabase_functions', 'pgsodium', 'pgbouncer')
  and n.nspname !~ '^pg_';

do $$
declare
  t record;
  f record;
  r text;
  n int;
begin
  select count(*) into n from app_tables;
  perform pg_temp.record_case('catalog: application tables found', n >= 13, n || ' tables');

  for t in select * from app_tables order by 2, 3 loop
    perform pg_temp.record_case(format('catalog: %I.%I has row level security', t.nspname, t.relname),
                                t.relrowsecurity);
    select count(*) into n from pg_policy p where p.polrelid = t.oid;
    perform pg_temp.record_case(format('catalog: %I.%I has a policy', t.nspname, t.relname), n > 0);
    select count(*) into n from pg_policy p where p.polrelid = t.oid and (p.polcmd = '*' or 0 = any (p.polroles));
    perform pg_temp.record_case(format('catalog: %I.%I has no FOR ALL or PUBLIC policy', t.nspname, t.relname),
                                n = 0);
    -- One policy per operation per role.
    select count(*) into n from (
      select p.polcmd, unnest(p.polroles) as role from pg_policy p where p.polrelid = t.oid
    ) x group by polcmd, role having count(*) > 1 limit 1;
    perform pg_temp.record_case(format('catalog: %I.%I has one policy per operation and role', t.nspname, t.relname),
                                coalesce(n, 0) = 0);
    for f in
      select a.attname from pg_attribute a
      where a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
        and a.attname in ('org_id', 'project_id', 'user_id', 'conversation_id')
    loop
      select count(*) into n from pg_index i
      where i.indrelid = t.oid
        and i.indkey[0] = (select a.attnum from pg_attribute a where a.attrelid = t.oid and a.attname = f.attname);
      perform pg_temp.record_case(format('catalog: %I.%I(%I) leads an index', t.nspname, t.relname, f.attname), n > 0);
    end loop;
    foreach r in array array['anon', 'authenticated', 'service_role', 'widget_visitor'] loop
      perform pg_temp.record_case(format('catalog: %s cannot truncate %I.%I', r, t.nspname, t.relname),
                                  not has_table_privilege(r, t.oid, 'TRUNCATE'));
    end loop;
  end loop;

  for f in
    select p.oid, p.oid::regprocedure::text as sig, p.prosecdef, p.proconfig, p.prokind
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and p.prokind in ('f', 'p')
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    order by 2
  loop
    perform pg_temp.record_case(format('catalog: %s has a fixed search_path', f.sig),
      exists (select 1 from unnest(f.proconfig) c where c like 'search_path=%'));
    if f.prosecdef then
      perform pg_temp.record_case(format('catalog: security definer %s is not executable by PUBLIC', f.sig),
        not exists (select 1 from aclexplode(coalesce((select proacl from pg_proc where oid = f.oid),
                                                      acldefault('f', (select proowner from pg_proc where oid = f.oid)))) a
                    where a.grantee = 0 and a.privilege_type = 'EXECUTE'));
      perform pg_temp.record_case(format('catalog: security definer %s is not executable by anon unless a widget entry point', f.sig),
        not has_function_privilege('anon', f.oid, 'EXECUTE')
        or f.sig in ('resolve_project(text,text)', 'create_conversation(text,text,text,text,text)',
                     'conversation_by_delete_token(text)', 'delete_conversation(text,text)',
                     'origin_known(text)', 'rate_limit_hit(text,integer,integer)'));
    end if;
  end loop;

  foreach r in array array['anon', 'authenticated', 'service_role', 'widget_visitor'] loop
    perform pg_temp.record_case(format('catalog: %s cannot write audit_log directly', r),
      not has_table_privilege(r, 'public.audit_log', 'INSERT')
      and not has_table_privilege(r, 'public.audit_log', 'UPDATE')
      and not has_table_privilege(r, 'public.audit_log', 'DELETE')
      and not has_table_privilege(r, 'public.audit_log', 'TRUNCATE'));
  end loop;
end
$$;
