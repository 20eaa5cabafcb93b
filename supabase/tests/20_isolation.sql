-- Tenant isolation, generated from the catalog: for every table in the
-- application schemas, every operation (select, insert, update, delete) and
-- every caller of tenant A (anon, A's widget visitor, A's visitor token with a
-- tampered project claim, A's member, A's owner), nothing of tenant B is
-- visible or changeable. A row is tenant B's when one of its uuid columns holds
-- a tenant-B id (fixtures/10_tenants.sql). Refusals count as passes: zero rows,
-- or SQLSTATE 42501 (no privilege, or a row-level security violation). Any
-- other error means the statement got past RLS and fails the case.
-- Also: moving one of A's rows into tenant B by UPDATE is refused, and
-- positive controls show each caller does see what it should, so an empty
-- result is not an artefact of a broken fixture.

create temp view app_tables as
select c.oid, n.nspname, c.relname
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p')
  and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'extensions', 'supabase_migrations',
                        'storage', 'realtime', 'vault', 'graphql', 'graphql_public', 'net', 'cron',
                        'supabase_functions', 'pgsodium', 'pgbouncer')
  and n.nspname !~ '^pg_';

-- Switches to a persona for the rest of the (sub)transaction.
create function pg_temp.become(p_persona text) returns void language plpgsql as $$
declare
  v personas;
begin
  select * into strict v from personas where name = p_persona;
  perform set_config('request.jwt.claims', v.claims::text, true);
  perform set_config('role', v.role, true);
end
$$;

create function pg_temp.tenant_predicate(p_table oid, p_role text, p_ids text) returns text language sql as $$
  select string_agg(format('%I = any (%s)', a.attname, p_ids), ' or ' order by a.attnum)
  from pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.atttypid = 'uuid'::regtype
    and (p_role is null or has_column_privilege(p_role, p_table, a.attnum, 'SELECT'))
$$;

do $$
declare
  t record;
  p record;
  -- Literals, not subqueries: the personas cannot read the temporary tables.
  v_b_ids text := quote_literal((select array_agg(id) from tenant_b_ids)::text) || '::uuid[]';
  v_a_ids text := quote_literal((select array_agg(id) from tenant_a_ids)::text) || '::uuid[]';
  v_pred text;
  v_sql text;
  v_n bigint;
  v_cols text;
  v_col text;
  v_case text;
  v_rec jsonb;
  v_tenant_col text;
begin
  for t in select * from app_tables order by 2, 3 loop
    -- Fixture coverage: tenant B owns at least one row of every table. A table
    -- without any uuid column holds no tenant data (e.g. rate-limit counters):
    -- all its rows count as foreign, so no caller may see or change any.
    v_pred := coalesce(pg_temp.tenant_predicate(t.oid, null, v_b_ids), 'true');
    execute format('select count(*) from %I.%I where %s', t.nspname, t.relname, coalesce(v_pred, 'false'))
      into v_n;
    perform pg_temp.record_case(format('fixture: tenant B has rows in %I.%I', t.nspname, t.relname), v_n > 0,
                                'add a tenant-B row for this table to supabase/tests/fixtures/10_tenants.sql');
    -- One of B's rows, kept as the template for the insert attempts.
    execute format('select to_jsonb(x) from (select * from %I.%I where %s limit 1) x',
                   t.nspname, t.relname, coalesce(v_pred, 'false')) into v_rec;
    -- Columns an INSERT may name: not generated, not GENERATED ALWAYS AS IDENTITY.
    select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into v_cols
    from pg_attribute a
    where a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
      and a.attgenerated = '' and a.attidentity <> 'a';

    for p in select * from personas order by name loop
      -- SELECT
      v_case := format('isolation: %s cannot see tenant B in %I.%I', p.name, t.nspname, t.relname);
      v_pred := pg_temp.tenant_predicate(t.oid, p.role, v_b_ids);
      if pg_temp.tenant_predicate(t.oid, null, v_b_ids) is null then
        v_pred := 'true';
      end if;
      begin
        perform pg_temp.become(p.name);
        if v_pred is null then
          execute format('select count(*) from %I.%I', t.nspname, t.relname) into v_n;
        else
          execute format('select count(*) from %I.%I where %s', t.nspname, t.relname, v_pred) into v_n;
        end if;
        perform set_config('role', 'none', true);
        perform pg_temp.record_case(v_case, v_n = 0 and v_pred is not null,
          case when v_pred is null then 'caller can read rows but no tenant column' else v_n || ' rows' end);
      exception when insufficient_privilege then
        perform set_config('role', 'none', true);
        perform pg_temp.record_case(v_case, true);
      end;

      -- UPDATE (a no-op assignment of a column the caller may update)
      v_case := format('isolation: %s cannot update tenant B in %I.%I', p.name, t.nspname, t.relname);
      select quote_ident(a.attname) into v_col from pg_attribute a
      where a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        and a.attidentity = ''
      order by has_column_privilege(p.role, t.oid, a.attnum, 'UPDATE') desc, a.attnum limit 1;
      begin
        perform pg_temp.become(p.name);
        execute format('update %I.%I set %s = %s where %s', t.nspname, t.relname, v_col, v_col,
                       coalesce(v_pred, 'true'));
        get diagnostics v_n = row_count;
        perform set_config('role', 'none', true);
        perform pg_temp.record_case(v_case, v_n = 0, v_n || ' rows updated');
      exception
        when insufficient_privilege then
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, true);
        when others then
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, false, sqlstate || ' ' || sqlerrm);
      end;

      -- DELETE
      v_case := format('isolation: %s cannot delete tenant B in %I.%I', p.name, t.nspname, t.relname);
      begin
        perform pg_temp.become(p.name);
        execute format('delete from %I.%I where %s', t.nspname, t.relname, coalesce(v_pred, 'true'));
        get diagnostics v_n = row_count;
        perform set_config('role', 'none', true);
        perform pg_temp.record_case(v_case, v_n = 0, v_n || ' rows deleted');
      exception
        when insufficient_privilege then
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, true);
        when others then
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, false, sqlstate || ' ' || sqlerrm);
      end;

      -- INSERT a copy of a tenant-B row: must be refused before any constraint.
      v_case := format('isolation: %s cannot insert into tenant B in %I.%I', p.name, t.nspname, t.relname);
      begin
        perform pg_temp.become(p.name);
        execute format('insert into %I.%I (%s) select %s from jsonb_populate_record(null::%I.%I, $1)',
                       t.nspname, t.relname, v_cols, v_cols, t.nspname, t.relname) using v_rec;
        perform set_config('role', 'none', true);
        perform pg_temp.record_case(v_case, false, 'row inserted');
      exception
        when insufficient_privilege then
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, true);
        when others then
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, false, sqlstate || ' ' || sqlerrm);
      end;

      -- Moving one of A's rows into tenant B (tenant key set to B's).
      for v_tenant_col, v_col in
        select a.attname, case a.attname when 'org_id' then 'bbbbbbbb-0000-4000-8000-000000000001'
                                         else 'bbbbbbbb-0000-4000-8000-000000000002' end
        from pg_attribute a
        where a.attrelid = t.oid and a.attname in ('org_id', 'project_id') and not a.attisdropped
      loop
        v_case := format('isolation: %s cannot move a row of %I.%I to tenant B (%s)', p.name, t.nspname,
                         t.relname, v_tenant_col);
        begin
          perform pg_temp.become(p.name);
          execute format('update %I.%I set %I = %L where %s', t.nspname, t.relname, v_tenant_col, v_col,
                         coalesce(pg_temp.tenant_predicate(t.oid, p.role, v_a_ids), 'true'));
          get diagnostics v_n = row_count;
          perform set_config('role', 'none', true);
          perform pg_temp.record_case(v_case, v_n = 0, v_n || ' rows moved');
        exception
          when insufficient_privilege then
            perform set_config('role', 'none', true);
            perform pg_temp.record_case(v_case, true);
          when others then
            perform set_config('role', 'none', true);
            perform pg_temp.record_case(v_case, false, sqlstate || ' ' || sqlerrm);
        end;
      end loop;
    end loop;
  end loop;
end
$$;

-- Positive controls: what each caller must see of its own tenant.
do $$
declare
  v_n bigint;
begin
  perform pg_temp.become('visitor_a');
  select count(*) into v_n from public.conversations;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: visitor_a sees its own conversation', v_n = 1, v_n::text);

  perform pg_temp.become('visitor_a');
  select count(*) into v_n from public.messages;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: visitor_a sees its own messages', v_n = 2, v_n::text);

  perform pg_temp.become('visitor_a');
  select count(*) into v_n from public.chunks;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: visitor_a sees its project''s unflagged chunks', v_n = 3, v_n::text);

  perform pg_temp.become('visitor_a_claiming_b');
  select count(*) into v_n from public.chunks;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: a token with a tampered project claim sees no chunks', v_n = 0, v_n::text);

  perform pg_temp.become('member_a');
  select count(*) into v_n from public.messages;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: member_a reads the organization''s messages', v_n = 2, v_n::text);

  perform pg_temp.become('member_a');
  select count(*) into v_n from public.audit_log;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: member_a (not admin) reads no audit log', v_n = 0, v_n::text);

  perform pg_temp.become('owner_a');
  select count(*) into v_n from public.audit_log;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: owner_a reads the organization''s audit log', v_n = 1, v_n::text);

  perform pg_temp.become('owner_a');
  update public.documents set title = 'Versand und Lieferung' where id = 'aaaaaaaa-0000-4000-8000-000000000041';
  get diagnostics v_n = row_count;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: owner_a edits its own documents', v_n = 1, v_n::text);

  perform pg_temp.become('member_a');
  update public.documents set title = 'x' where id = 'aaaaaaaa-0000-4000-8000-000000000041';
  get diagnostics v_n = row_count;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: member_a cannot edit documents', v_n = 0, v_n::text);

  perform pg_temp.become('visitor_a');
  insert into public.messages (conversation_id, project_id, role, content)
  values ('aaaaaaaa-0000-4000-8000-000000000021', 'aaaaaaaa-0000-4000-8000-000000000002', 'user', 'Danke!');
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('control: visitor_a stores a message in its conversation', true);
end
$$;
