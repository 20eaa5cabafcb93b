-- Session and history entry points: origin matching, create_conversation,
-- delete-token lookup, erasure (idempotent, complete, audited), retention.

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

-- Origin matching, table-driven.
select pg_temp.record_case(format('origin: %s against %s -> %s', o, a, expected),
                           public.origin_allowed(o, a) = expected)
from (values
  ('http://localhost:8787', array['http://localhost:8787'], true),
  ('http://localhost:8788', array['http://localhost:8787'], false),
  ('https://localhost:8787', array['http://localhost:8787'], false),
  ('http://127.0.0.1:8787', array['http://localhost:8787'], false),
  ('https://shop.example.com', array['https://shop.example.com'], true),
  ('https://shop.example.com:443', array['https://shop.example.com'], true),
  ('https://SHOP.example.com', array['https://shop.example.com'], true),
  ('https://shop.example.com', array['shop.example.com'], true),
  ('http://shop.example.com', array['shop.example.com'], false),
  ('https://a.b.example.com', array['*.example.com'], true),
  ('https://example.com', array['*.example.com'], false),
  ('https://evilexample.com', array['*.example.com'], false),
  ('https://example.com.evil.net', array['*.example.com', 'https://example.com'], false),
  ('https://shop.example.com/', array['https://shop.example.com'], false),
  ('https://user@shop.example.com', array['https://shop.example.com'], false),
  ('null', array['https://shop.example.com'], false),
  (null, array['https://shop.example.com'], false),
  ('https://shop.example.com', array[]::text[], false),
  ('https://*.example.com', array['*.example.com'], false)
) as cases(o, a, expected);

select pg_temp.record_case('origin: malformed allowed-origin entries are rejected by the table',
  not public.origins_valid(array['https://shop.example.com/path'])
  and not public.origins_valid(array['ftp://x.example'])
  and public.origins_valid(array['*.example.com', 'http://127.0.0.1:8787', 'https://[::1]:8443']));

do $$
declare
  v_conv uuid;
  v_project uuid;
  v_lang text;
  v_row record;
  v_state text;
  v_n bigint;
  v_refs bigint;
  v_fk record;
  v_token text := encode(sha256('delete-token-1'::bytea), 'hex');
begin
  -- Unknown key and wrong origin carry their own SQLSTATEs.
  begin
    perform pg_temp.become('anon');
    perform public.create_conversation('pk_no_such_project', 'http://localhost:8787', 'iphash-visitor-0001', v_token);
    v_state := 'none';
  exception when others then
    v_state := sqlstate;
  end;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: unknown publishable key raises MN404', v_state = 'MN404', v_state);

  begin
    perform pg_temp.become('anon');
    perform public.create_conversation('pk_test_tenant_a', 'https://evil.example', 'iphash-visitor-0001', v_token);
    v_state := 'none';
  exception when others then
    v_state := sqlstate;
  end;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: a foreign origin raises MN403', v_state = 'MN403', v_state);

  begin
    perform pg_temp.become('anon');
    perform public.create_conversation('pk_test_tenant_a', 'http://localhost:8787', 'iphash-visitor-0001', 'NOT-HEX');
    v_state := 'none';
  exception when others then
    v_state := sqlstate;
  end;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: a malformed delete-token hash raises 22023', v_state = '22023', v_state);

  perform pg_temp.become('anon');
  select r.project_id, r.origin_allowed into v_row
    from public.resolve_project('pk_test_tenant_a', 'https://cdn.tenant-a.example') r;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: resolve_project answers the preflight',
    v_row.project_id = 'aaaaaaaa-0000-4000-8000-000000000002' and v_row.origin_allowed);
  perform pg_temp.become('anon');
  select c.conversation_id, c.project_id, c.language into v_conv, v_project, v_lang
    from public.create_conversation('pk_test_tenant_a', 'https://shop.tenant-a.example', 'iphash-visitor-0001',
                                    v_token) c;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: create_conversation opens a conversation in the key''s project',
    v_project = 'aaaaaaaa-0000-4000-8000-000000000002' and v_lang = 'de'
    and exists (select 1 from public.conversations where id = v_conv and ip_hash = 'iphash-visitor-0001'));

  -- The new visitor talks; its token opens only its conversation.
  perform set_config('request.jwt.claims', jsonb_build_object('role', 'widget_visitor', 'sub', v_conv,
    'project_id', v_project, 'ip_hash', 'iphash-visitor-0001')::text, true);
  perform set_config('role', 'widget_visitor', true);
  insert into public.messages (conversation_id, project_id, role, content, provenance)
  values (v_conv, v_project, 'user', 'Meine Nummer ist <PHONE_1>', '{}'),
         (v_conv, v_project, 'assistant', 'Danke.', '{"provider":"extractive","fallback_used":false}');
  select count(*) into v_n from public.messages;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: a new visitor sees only its own two messages', v_n = 2, v_n::text);

  perform pg_temp.become('anon');
  select * into v_row from public.conversation_by_delete_token(v_token);
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('history: the delete token opens exactly its conversation',
    v_row.conversation_id = v_conv and v_row.erased_at is null);

  -- Erasure.
  perform pg_temp.become('anon');
  select * into v_row from public.delete_conversation(v_token, 'req-del-1');
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('history: delete_conversation reports what it deleted',
    v_row.conversation_id = v_conv and not v_row.already_erased
    and v_row.deleted = '{"conversations":1,"messages":2}'::jsonb, v_row.deleted::text);

  -- Catalog-driven: no row of any table references the conversation any more.
  v_refs := 0;
  for v_fk in
    select c.conrelid::regclass as tbl, a.attname
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[array_position(c.confkey, (
      select attnum from pg_attribute where attrelid = 'public.conversations'::regclass and attname = 'id'))]
    where c.contype = 'f' and c.confrelid = 'public.conversations'::regclass
  loop
    execute format('select count(*) from %s where %I = $1', v_fk.tbl, v_fk.attname) into v_n using v_conv;
    v_refs := v_refs + v_n;
  end loop;
  select v_refs + count(*) into v_refs from public.conversations where id = v_conv;
  perform pg_temp.record_case('history: nothing references the erased conversation', v_refs = 0, v_refs::text);

  perform pg_temp.record_case('history: the erasure is audited without content',
    exists (select 1 from public.audit_log where action = 'history.deleted' and target_id = v_conv::text
            and category = 'compliance' and request_id = 'req-del-1'
            and details = '{"conversations":1,"messages":2}'::jsonb));

  perform pg_temp.become('anon');
  select * into v_row from public.delete_conversation(v_token);
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('history: a second delete says nothing is left',
    v_row.conversation_id = v_conv and v_row.already_erased
    and v_row.deleted = '{"conversations":0,"messages":0}'::jsonb);

  perform pg_temp.become('anon');
  select count(*) into v_n from public.delete_conversation(repeat('0', 64));
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('history: an unknown token returns no row', v_n = 0);

  -- The old session token is dead.
  perform set_config('request.jwt.claims', jsonb_build_object('role', 'widget_visitor', 'sub', v_conv,
    'project_id', v_project)::text, true);
  perform set_config('role', 'widget_visitor', true);
  select count(*) into v_n from public.chunks;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('history: the erased conversation''s session token opens nothing', v_n = 0);

  -- Only the session's roles may open conversations.
  begin
    perform pg_temp.become('owner_a');
    perform public.create_conversation('pk_test_tenant_a', 'http://localhost:8787', 'iphash-visitor-0002',
                                       repeat('c', 64));
    v_state := 'none';
  exception when others then
    v_state := sqlstate;
  end;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('session: create_conversation is not granted to members', v_state = '42501', v_state);
end
$$;

-- Retention: messages older than retention_days, idle conversations, old receipts.
do $$
declare
  v_row record;
  v_n bigint;
begin
  update public.projects set retention_days = 7 where id = 'aaaaaaaa-0000-4000-8000-000000000002';
  insert into public.conversations (id, project_id, ip_hash, delete_token_hash, language, created_at, last_active_at)
  values ('aaaaaaaa-0000-4000-8000-0000000000e1', 'aaaaaaaa-0000-4000-8000-000000000002', 'iphash-old-visitor',
          repeat('e1', 32), 'de', now() - interval '30 days', now() - interval '30 days');
  insert into public.messages (conversation_id, project_id, role, content, created_at)
  values ('aaaaaaaa-0000-4000-8000-0000000000e1', 'aaaaaaaa-0000-4000-8000-000000000002', 'user', 'alt',
          now() - interval '30 days');
  -- An old message in a conversation that is still active.
  insert into public.messages (conversation_id, project_id, role, content, created_at)
  values ('aaaaaaaa-0000-4000-8000-000000000021', 'aaaaaaaa-0000-4000-8000-000000000002', 'user', 'alt',
          now() - interval '10 days');
  update public.conversation_erasures set erased_at = now() - interval '8 days'
   where conversation_id = 'aaaaaaaa-0000-4000-8000-000000000029';

  perform pg_temp.become('service_role');
  select * into v_row from public.purge_expired_conversations() p
   where p.project_id = 'aaaaaaaa-0000-4000-8000-000000000002';
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('retention: expired messages, idle conversations and old receipts are purged',
    v_row.messages_deleted = 2 and v_row.conversations_deleted = 1 and v_row.erasures_deleted = 1,
    row_to_json(v_row)::text);
  perform pg_temp.record_case('retention: the active conversation and its recent messages stay',
    (select count(*) from public.messages where conversation_id = 'aaaaaaaa-0000-4000-8000-000000000021') = 2);
  perform pg_temp.record_case('retention: tenant B (30 days) is untouched',
    (select count(*) from public.messages where project_id = 'bbbbbbbb-0000-4000-8000-000000000002') = 2);
  perform pg_temp.record_case('retention: the purge is audited',
    exists (select 1 from public.audit_log where action = 'retention.conversations_purged'
            and project_id = 'aaaaaaaa-0000-4000-8000-000000000002' and actor_type = 'system'));

  perform pg_temp.become('service_role');
  select count(*) into v_n from public.purge_expired_conversations();
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('retention: a second run finds nothing', v_n = 0, v_n::text);

  begin
    perform pg_temp.become('owner_a');
    perform public.purge_expired_conversations();
    v_n := -1;
  exception when insufficient_privilege then
    v_n := 0;
  end;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('retention: only service_role runs the purge', v_n = 0);
end
$$;
