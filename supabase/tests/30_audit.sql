-- Audit log: the only insert path, tampering refused through every path, a
-- chain corrupted by hand (as superuser, triggers off) detected at the right
-- row, and retention that removes expired rows behind a checkpoint so the
-- chain still verifies.

create function pg_temp.become(p_persona text) returns void language plpgsql as $$
declare
  v personas;
begin
  select * into strict v from personas where name = p_persona;
  perform set_config('request.jwt.claims', v.claims::text, true);
  perform set_config('role', v.role, true);
end
$$;

insert into personas values ('service_role', 'service_role', '{"role":"service_role"}');

-- Appending through audit_append(): actor from role and claims.
do $$
declare
  v_id bigint;
  v_row public.audit_log;
begin
  perform pg_temp.become('visitor_a');
  v_id := public.audit_append('chat.injection_blocked', 'operational', 'conversation', null, '{"rule":"R1"}');
  perform set_config('role', 'none', true);
  select * into v_row from public.audit_log where id = v_id;
  perform pg_temp.record_case('audit: a visitor entry names the conversation and its organization',
    v_row.actor_type = 'visitor' and v_row.actor_id = 'aaaaaaaa-0000-4000-8000-000000000021'
    and v_row.org_id = 'aaaaaaaa-0000-4000-8000-000000000001' and v_row.seq = 2);

  begin
    perform pg_temp.become('visitor_a');
    perform public.audit_append('export.created', 'compliance');
    perform set_config('role', 'none', true);
    perform pg_temp.record_case('audit: a visitor cannot write compliance entries', false);
  exception when insufficient_privilege then
    perform pg_temp.record_case('audit: a visitor cannot write compliance entries', true);
  end;

  begin
    perform pg_temp.become('visitor_a_claiming_b');
    perform public.audit_append('chat.injection_blocked');
    perform set_config('role', 'none', true);
    perform pg_temp.record_case('audit: a tampered visitor token cannot write into tenant B', false);
  exception when insufficient_privilege then
    perform pg_temp.record_case('audit: a tampered visitor token cannot write into tenant B', true);
  end;

  begin
    perform pg_temp.become('owner_a');
    perform public.audit_append('export.created', 'compliance', null, null, '{}', null, null,
                                'bbbbbbbb-0000-4000-8000-000000000001');
    perform set_config('role', 'none', true);
    perform pg_temp.record_case('audit: a member cannot write into another organization', false);
  exception when insufficient_privilege then
    perform pg_temp.record_case('audit: a member cannot write into another organization', true);
  end;

  begin
    perform pg_temp.become('anon');
    perform public.audit_append('x.y');
    perform set_config('role', 'none', true);
    perform pg_temp.record_case('audit: anon cannot append', false);
  exception when insufficient_privilege then
    perform pg_temp.record_case('audit: anon cannot append', true);
  end;

  perform pg_temp.become('owner_a');
  v_id := public.audit_append('export.created', 'compliance', 'export', 'aaaaaaaa-0000-4000-8000-000000000061',
                              '{"format":"json"}', 'req-1', null, 'aaaaaaaa-0000-4000-8000-000000000001');
  perform set_config('role', 'none', true);
  select * into v_row from public.audit_log where id = v_id;
  perform pg_temp.record_case('audit: an owner entry names the user',
    v_row.actor_type = 'member' and v_row.actor_id = 'aaaaaaaa-0000-4000-8000-000000000011'
    and v_row.category = 'compliance' and v_row.seq = 1
    and v_row.retain_until = v_row.created_at + interval '7 years');

  -- Even the owner's direct insert cannot choose the chain fields.
  insert into public.audit_log (org_id, category, action, actor_type, retain_until, prev_hash, row_hash, seq)
  values ('aaaaaaaa-0000-4000-8000-000000000001', 'operational', 'forged.entry', 'system', now(),
          decode(repeat('ff', 32), 'hex'), decode(repeat('ee', 32), 'hex'), 99)
  returning * into v_row;
  perform pg_temp.record_case('audit: the chain trigger overrides supplied seq and hashes',
    v_row.seq = 3 and v_row.row_hash <> decode(repeat('ee', 32), 'hex')
    and v_row.retain_until = v_row.created_at + interval '2 years');

  perform pg_temp.record_case('audit: intact chains verify',
    (select bool_and(ok) from public.audit_verify()));
end
$$;

-- Tampering through every path.
do $$
declare
  p text;
  v_stmt text;
  v_case text;
  v_before bigint;
begin
  foreach p in array array['anon', 'visitor_a', 'member_a', 'owner_a', 'service_role'] loop
    foreach v_stmt in array array[
      'update public.audit_log set action = ''tampered''',
      'delete from public.audit_log',
      'truncate public.audit_log',
      'insert into public.audit_log (org_id, category, action, actor_type, retain_until, prev_hash, row_hash, seq)
         values (''aaaaaaaa-0000-4000-8000-000000000001'', ''operational'', ''x.y'', ''system'', now(),
                 ''\x00'', ''\x00'', 1)'] loop
      v_case := format('audit: %s refused: %s', p, split_part(v_stmt, ' ', 1));
      begin
        perform pg_temp.become(p);
        execute v_stmt;
        perform set_config('role', 'none', true);
        perform pg_temp.record_case(v_case, false, 'statement succeeded');
      exception
        when insufficient_privilege then
          perform pg_temp.record_case(v_case, true);
        when others then
          perform pg_temp.record_case(v_case, false, sqlstate || ' ' || sqlerrm);
      end;
    end loop;
  end loop;

  -- The table owner (and superuser) in normal use: the triggers refuse.
  foreach v_stmt in array array[
    'update public.audit_log set action = ''tampered''',
    'delete from public.audit_log',
    'truncate public.audit_log'] loop
    v_case := format('audit: the table owner is refused: %s', split_part(v_stmt, ' ', 1));
    begin
      execute v_stmt;
      perform pg_temp.record_case(v_case, false, 'statement succeeded');
    exception
      when insufficient_privilege then
        perform pg_temp.record_case(v_case, true);
      when others then
        perform pg_temp.record_case(v_case, false, sqlstate || ' ' || sqlerrm);
    end;
  end loop;

  -- The retention role cannot remove live rows either.
  select count(*) into v_before from public.audit_log;
  begin
    perform set_config('role', 'mignuti_audit_retention', true);
    delete from public.audit_log where retain_until >= now();
    perform set_config('role', 'none', true);
    perform pg_temp.record_case('audit: the retention role cannot delete live rows',
      (select count(*) from public.audit_log) = v_before);
  exception when insufficient_privilege then
    perform pg_temp.record_case('audit: the retention role cannot delete live rows', true);
  end;
end
$$;

-- Hand-corrupted chains are found at the right row. Each scenario runs in a
-- subtransaction that is undone afterwards (the raise at its end).
create temp table corruption_results (scenario text, org_id uuid, ok boolean, first_broken_seq bigint, reason text);

do $$
declare
  v_org uuid := 'cccccccc-0000-4000-8000-000000000001';
  i int;
  s text;
  v_ok boolean;
  v_seq bigint;
  v_reason text;
begin
  for i in 1..6 loop
    perform private.audit_write(v_org, 'operational', 'knowledge.document_added', 'system', null, null,
                                'document', 'doc-' || i, null, jsonb_build_object('n', i));
  end loop;

  foreach s in array array['edit_content', 'delete_row', 'rewrite_row_and_hash', 'reorder_seq'] loop
    begin
      set local session_replication_role = replica;   -- superuser: triggers off
      if s = 'edit_content' then
        update public.audit_log set details = '{"n":33}' where org_id = v_org and seq = 3;
      elsif s = 'delete_row' then
        delete from public.audit_log where org_id = v_org and seq = 3;
      elsif s = 'rewrite_row_and_hash' then
        update public.audit_log a set target_id = 'doc-x' where org_id = v_org and seq = 3;
        update public.audit_log a set row_hash = sha256(a.prev_hash || private.audit_canonical(a))
         where org_id = v_org and seq = 3;
      elsif s = 'reorder_seq' then
        update public.audit_log set seq = 100 where org_id = v_org and seq = 5;
        update public.audit_log set seq = 5 where org_id = v_org and seq = 4;
        update public.audit_log set seq = 4 where org_id = v_org and seq = 100;
      end if;
      set local session_replication_role = origin;
      -- Plain variables survive the rollback of the subtransaction.
      select v.ok, v.first_broken_seq, v.reason into v_ok, v_seq, v_reason from public.audit_verify(v_org) v;
      raise exception using errcode = 'MNRBK';
    exception when sqlstate 'MNRBK' then
      insert into corruption_results values (s, v_org, v_ok, v_seq, v_reason);
    end;
  end loop;
end
$$;

select pg_temp.record_case('audit: edited content is detected at that row',
  exists (select 1 from corruption_results where scenario = 'edit_content' and not ok and first_broken_seq = 3
          and reason = 'row content does not match its hash'));
select pg_temp.record_case('audit: a deleted row is detected at the next row',
  exists (select 1 from corruption_results where scenario = 'delete_row' and not ok and first_broken_seq = 4
          and reason like 'rows 3..3 are missing'));
select pg_temp.record_case('audit: a row rewritten with a fresh hash breaks the link to the next row',
  exists (select 1 from corruption_results where scenario = 'rewrite_row_and_hash' and not ok
          and first_broken_seq = 4 and reason like 'prev_hash%'));
select pg_temp.record_case('audit: swapped rows are detected at the first swapped position',
  exists (select 1 from corruption_results where scenario = 'reorder_seq' and not ok and first_broken_seq = 4));
select pg_temp.record_case('audit: the chain verifies again once the corruption is undone',
  (select ok from public.audit_verify('cccccccc-0000-4000-8000-000000000001')));

-- Retention: expired rows go, a checkpoint keeps the chain verifiable.
do $$
declare
  v_org uuid := 'dddddddd-0000-4000-8000-000000000001';
  v_all_expired uuid := 'dddddddd-0000-4000-8000-000000000002';
  i int;
  v_removed bigint;
  v record;
begin
  for i in 1..3 loop
    insert into public.audit_log (org_id, category, action, actor_type, created_at, retain_until, prev_hash, row_hash, seq)
    values (v_org, 'operational', 'chat.injection_blocked', 'system', now() - interval '3 years' + i * interval '1 day',
            now(), '\x00', '\x00', 0);
    insert into public.audit_log (org_id, category, action, actor_type, created_at, retain_until, prev_hash, row_hash, seq)
    values (v_org, 'compliance', 'history.deleted', 'system', now() - interval '3 years' + i * interval '1 day',
            now(), '\x00', '\x00', 0);
    insert into public.audit_log (org_id, category, action, actor_type, created_at, retain_until, prev_hash, row_hash, seq)
    values (v_all_expired, 'operational', 'chat.injection_blocked', 'system', now() - interval '5 years',
            now(), '\x00', '\x00', 0);
  end loop;
  for i in 1..2 loop
    perform private.audit_write(v_org, 'operational', 'chat.injection_blocked', 'system', null, null, null, null,
                                null, '{}');
  end loop;

  perform pg_temp.become('service_role');
  select sum(r.removed) into v_removed from public.audit_apply_retention() r
   where r.org_id in (v_org, v_all_expired);
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('audit retention: expired operational rows removed, compliance rows kept',
    v_removed = 6
    and (select count(*) from public.audit_log where org_id = v_org and category = 'compliance') = 3
    and (select count(*) from public.audit_log where org_id = v_org and category = 'operational') = 3,
    v_removed::text);
  perform pg_temp.record_case('audit retention: a checkpoint records the removed range',
    exists (select 1 from public.audit_log where org_id = v_org and kind = 'checkpoint'
            and details ->> 'removed_through_seq' = '3' and details ->> 'removed_from_seq' = '1'));
  for v in select * from public.audit_verify(v_org) union all select * from public.audit_verify(v_all_expired) loop
    perform pg_temp.record_case(format('audit retention: the %s chain still verifies (%s)', v.category,
                                       case when v.org_id = v_org then 'partly expired' else 'all expired' end),
                                v.ok, v.reason);
  end loop;

  perform pg_temp.become('service_role');
  select coalesce(sum(r.removed), 0) into v_removed from public.audit_apply_retention() r
   where r.org_id in (v_org, v_all_expired);
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('audit retention: a second run removes nothing', v_removed = 0, v_removed::text);

  -- Rows removed without the retention function (no checkpoint) are reported.
  set local session_replication_role = replica;
  delete from public.audit_log where org_id = v_org and category = 'compliance' and seq = 1;
  set local session_replication_role = origin;
  perform pg_temp.record_case('audit retention: rows removed without a checkpoint are reported',
    exists (select 1 from public.audit_verify(v_org) x where x.category = 'compliance' and not x.ok
            and x.first_broken_seq = 2));

  begin
    perform pg_temp.become('owner_a');
    perform public.audit_apply_retention();
    perform set_config('role', 'none', true);
    perform pg_temp.record_case('audit retention: only service_role may run it', false);
  exception when insufficient_privilege then
    perform pg_temp.record_case('audit retention: only service_role may run it', true);
  end;
end
$$;
