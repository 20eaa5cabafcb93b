-- Entry points of the widget flows (session, history) and the data-rights
-- tables: conversation erasure receipts, exports, account deletion requests,
-- plus conversation retention.
--
-- Security definer functions here are the only way anon reaches any data.
-- Each checks its input, touches one conversation or project, uses an empty
-- search_path and is granted to exactly the role its edge function uses.
-- Errors the edge functions map to HTTP answers carry their own SQLSTATE:
--   MN404 unknown_project, MN403 origin_not_allowed, 22023 malformed argument.

-- Erasure receipts ---------------------------------------------------------------

-- One row per conversation erased through its delete token, so a repeated
-- request can answer "already erased" after the conversation itself is gone.
-- Holds no personal data: the token hash, ids and counts. Purged with the
-- project's retention.
create table public.conversation_erasures (
  conversation_id uuid primary key,
  project_id uuid not null references public.projects (id) on delete cascade,
  delete_token_hash text not null unique check (delete_token_hash ~ '^[0-9a-f]{64}$'),
  deleted jsonb not null check (jsonb_typeof(deleted) = 'object'),
  erased_at timestamptz not null default now()
);
comment on table public.conversation_erasures is 'Receipts of visitor erasures (Art. 17), without content.';
create index conversation_erasures_project_id_idx on public.conversation_erasures (project_id, erased_at);
alter table public.conversation_erasures enable row level security;

create policy conversation_erasures_select_member on public.conversation_erasures
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid())));

-- Exports ----------------------------------------------------------------------

create table public.exports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  project_id uuid,
  requested_by uuid references auth.users (id) on delete set null,
  format text not null check (format in ('json', 'csv')),
  status text not null default 'created' check (status in ('created', 'downloaded', 'expired', 'failed')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '60 seconds',
  downloaded_at timestamptz,
  check (expires_at > created_at),
  foreign key (project_id, org_id) references public.projects (id, org_id) on delete cascade
);
comment on table public.exports is 'Org-owner exports behind a signed URL (valid 60 s by default).';
create index exports_org_id_idx on public.exports (org_id, created_at);
create index exports_project_id_idx on public.exports (project_id);
create index exports_requested_by_idx on public.exports (requested_by);
alter table public.exports enable row level security;

create policy exports_select_admin on public.exports
  for select to authenticated
  using (org_id in (select m.org_id from public.org_members m
                    where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy exports_insert_admin on public.exports
  for insert to authenticated
  with check (requested_by = (select auth.uid())
              and org_id in (select m.org_id from public.org_members m
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy exports_update_admin on public.exports
  for update to authenticated
  using (org_id in (select m.org_id from public.org_members m
                    where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')))
  with check (org_id in (select m.org_id from public.org_members m
                         where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

-- Account deletion requests ------------------------------------------------------

create table public.deletion_requests (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  requested_by uuid references auth.users (id) on delete set null,
  requested_at timestamptz not null default now(),
  -- 30-day cooling-off; the scheduled job purges the organization afterwards.
  execute_after timestamptz not null default now() + interval '30 days',
  cancelled_at timestamptz,
  cancelled_by uuid references auth.users (id) on delete set null,
  executed_at timestamptz,
  check (execute_after >= requested_at + interval '30 days')
);
comment on table public.deletion_requests is 'Organization deletion requests with a 30-day cooling-off.';
create unique index deletion_requests_open_idx on public.deletion_requests (org_id)
  where cancelled_at is null and executed_at is null;
create index deletion_requests_org_id_idx on public.deletion_requests (org_id, requested_at);
create index deletion_requests_requested_by_idx on public.deletion_requests (requested_by);
create index deletion_requests_cancelled_by_idx on public.deletion_requests (cancelled_by);
alter table public.deletion_requests enable row level security;

create policy deletion_requests_select_owner on public.deletion_requests
  for select to authenticated
  using (org_id in (select m.org_id from public.org_members m
                    where m.user_id = (select auth.uid()) and m.role = 'owner'));
create policy deletion_requests_insert_owner on public.deletion_requests
  for insert to authenticated
  with check (requested_by = (select auth.uid())
              and org_id in (select m.org_id from public.org_members m
                             where m.user_id = (select auth.uid()) and m.role = 'owner'));
create policy deletion_requests_update_owner on public.deletion_requests
  for update to authenticated
  using (executed_at is null
         and org_id in (select m.org_id from public.org_members m
                        where m.user_id = (select auth.uid()) and m.role = 'owner'))
  with check (cancelled_by = (select auth.uid())
              and org_id in (select m.org_id from public.org_members m
                             where m.user_id = (select auth.uid()) and m.role = 'owner'));

revoke all on public.conversation_erasures, public.exports, public.deletion_requests from anon;
revoke truncate, references, trigger on public.conversation_erasures, public.exports, public.deletion_requests
  from authenticated, service_role;
revoke insert, update, delete on public.conversation_erasures from authenticated;
revoke update, delete on public.exports, public.deletion_requests from authenticated;
grant update (status, downloaded_at) on public.exports to authenticated;
grant update (cancelled_at, cancelled_by) on public.deletion_requests to authenticated;

-- Session entry points -------------------------------------------------------------

-- resolve_project: the public settings behind a publishable key and whether a
-- browser Origin may use it (CORS preflight, before any conversation exists).
-- No row for an unknown key. Caller: session function as anon.
create or replace function public.resolve_project(p_publishable_key text, p_origin text)
returns table (project_id uuid, default_language text, provider_policy text, embedder_id text,
               origin_allowed boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.default_language, p.provider_policy, p.embedder_id,
         public.origin_allowed(p_origin, p.allowed_origins)
  from public.projects p
  where p.publishable_key = p_publishable_key
$$;
comment on function public.resolve_project(text, text) is
  'Project settings for a publishable key and whether the Origin is allowed. Caller: anon (session).';

-- create_conversation: opens a conversation for a visitor of the project
-- behind p_publishable_key, if p_origin is one of its allowed origins.
-- p_ip_hash: keyed hash of the client IP; p_delete_token_hash: lowercase hex
-- SHA-256 of the 256-bit delete token. Raises MN404 unknown_project,
-- MN403 origin_not_allowed, 22023 on malformed hashes. Caller: session function as anon.
create or replace function public.create_conversation(
  p_publishable_key text,
  p_origin text,
  p_ip_hash text,
  p_delete_token_hash text,
  p_language text default null
)
returns table (conversation_id uuid, project_id uuid, language text, provider_policy text,
               embedder_id text, created_at timestamptz)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_project public.projects;
  v_language text;
begin
  select * into v_project from public.projects p where p.publishable_key = p_publishable_key;
  if not found then
    raise exception 'unknown_project' using errcode = 'MN404';
  end if;
  if not public.origin_allowed(p_origin, v_project.allowed_origins) then
    raise exception 'origin_not_allowed' using errcode = 'MN403';
  end if;
  if p_ip_hash is null or p_ip_hash !~ '^[A-Za-z0-9_=+/-]{16,128}$' then
    raise exception 'malformed ip_hash' using errcode = '22023';
  end if;
  if p_delete_token_hash is null or p_delete_token_hash !~ '^[0-9a-f]{64}$' then
    raise exception 'malformed delete_token_hash' using errcode = '22023';
  end if;
  v_language := case when p_language ~ '^[a-z]{2}$' then p_language else v_project.default_language end;

  return query
  insert into public.conversations as c (project_id, ip_hash, delete_token_hash, language)
  values (v_project.id, p_ip_hash, p_delete_token_hash, v_language)
  returning c.id, c.project_id, c.language, v_project.provider_policy, v_project.embedder_id, c.created_at;
end
$$;
comment on function public.create_conversation(text, text, text, text, text) is
  'Opens a conversation after the origin check. Caller: anon (session). Errors MN404, MN403, 22023.';

-- conversation_by_delete_token: the conversation a delete token opens, to
-- resume a session or to read the visitor's own data (the caller then acts as
-- widget_visitor with sub = conversation_id). erased_at is set (and the
-- conversation gone) when it was erased already. No row: unknown token.
-- Caller: session and delete-history functions as anon.
create or replace function public.conversation_by_delete_token(p_delete_token_hash text)
returns table (conversation_id uuid, project_id uuid, language text, created_at timestamptz,
               last_active_at timestamptz, erased_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select c.id, c.project_id, c.language, c.created_at, c.last_active_at, null::timestamptz
  from public.conversations c
  where c.delete_token_hash = p_delete_token_hash
  union all
  select e.conversation_id, e.project_id, null, null, null, e.erased_at
  from public.conversation_erasures e
  where e.delete_token_hash = p_delete_token_hash
$$;
comment on function public.conversation_by_delete_token(text) is
  'Looks up the conversation of a delete-token hash (or its erasure). Caller: anon (session, delete-history).';

-- delete_conversation: erases the conversation a delete token opens and
-- everything that references it (messages; any future table through its
-- ON DELETE CASCADE key), records the erasure and a compliance audit entry
-- without content. Idempotent: a repeated call returns the first erasure with
-- already_erased = true and nothing deleted. No row: unknown token.
-- deleted: {"conversations": n, "messages": n}. Caller: delete-history as anon.
create or replace function public.delete_conversation(p_delete_token_hash text, p_request_id text default null)
returns table (conversation_id uuid, project_id uuid, deleted jsonb, erased_at timestamptz,
               already_erased boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_conv public.conversations;
  v_org uuid;
  v_messages bigint;
  v_deleted jsonb;
begin
  select * into v_conv from public.conversations c
   where c.delete_token_hash = p_delete_token_hash
   for update;
  if not found then
    return query
      select e.conversation_id, e.project_id, jsonb_build_object('conversations', 0, 'messages', 0),
             e.erased_at, true
      from public.conversation_erasures e
      where e.delete_token_hash = p_delete_token_hash;
    return;
  end if;

  select count(*) into v_messages from public.messages m where m.conversation_id = v_conv.id;
  delete from public.conversations c where c.id = v_conv.id;
  v_deleted := jsonb_build_object('conversations', 1, 'messages', v_messages);

  insert into public.conversation_erasures as e (conversation_id, project_id, delete_token_hash, deleted)
  values (v_conv.id, v_conv.project_id, v_conv.delete_token_hash, v_deleted);

  select p.org_id into v_org from public.projects p where p.id = v_conv.project_id;
  perform private.audit_write(v_org, 'compliance', 'history.deleted', 'visitor', v_conv.id::text,
                              v_conv.project_id, 'conversation', v_conv.id::text, p_request_id, v_deleted);

  return query select v_conv.id, v_conv.project_id, v_deleted, now(), false;
end
$$;
comment on function public.delete_conversation(text, text) is
  'Erases a conversation by delete-token hash; idempotent; audited. Caller: anon (delete-history).';

-- purge_expired_conversations: retention per project. Deletes messages older
-- than the project's retention_days, conversations inactive for that long, and
-- erasure receipts older than that; one compliance audit entry per project
-- with counts. Idempotent. Caller: the scheduled job as service_role.
create or replace function public.purge_expired_conversations()
returns table (project_id uuid, conversations_deleted bigint, messages_deleted bigint,
               erasures_deleted bigint)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_project record;
  v_cutoff timestamptz;
begin
  for v_project in select p.id, p.org_id, p.retention_days from public.projects p order by p.id loop
    v_cutoff := now() - make_interval(days => v_project.retention_days);
    project_id := v_project.id;

    delete from public.messages m where m.project_id = v_project.id and m.created_at < v_cutoff;
    get diagnostics messages_deleted = row_count;
    with gone as (
      delete from public.conversations c
       where c.project_id = v_project.id and c.last_active_at < v_cutoff
      returning 1
    )
    select count(*) into conversations_deleted from gone;
    delete from public.conversation_erasures e where e.project_id = v_project.id and e.erased_at < v_cutoff;
    get diagnostics erasures_deleted = row_count;

    if messages_deleted + conversations_deleted + erasures_deleted > 0 then
      perform public.audit_append('retention.conversations_purged', 'compliance', 'project', v_project.id::text,
        jsonb_build_object('messages', messages_deleted, 'conversations', conversations_deleted,
                           'erasures', erasures_deleted, 'retention_days', v_project.retention_days),
        null, v_project.id, v_project.org_id);
      return next;
    end if;
  end loop;
end
$$;
comment on function public.purge_expired_conversations() is
  'Applies each project''s retention_days to messages and conversations; audited. Caller: service_role (scheduled).';

-- create_organization: a signed-in user creates an organization and becomes
-- its owner (org_members has no insert policy). Caller: authenticated.
create or replace function public.create_organization(p_name text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_org uuid;
begin
  if current_setting('role') <> 'authenticated' or v_uid is null then
    raise exception 'not_authorized' using errcode = '42501';
  end if;
  insert into public.organizations (name) values (p_name) returning id into v_org;
  insert into public.org_members (org_id, user_id, role) values (v_org, v_uid, 'owner');
  perform private.audit_write(v_org, 'compliance', 'organization.created', 'member', v_uid::text,
                              null, 'organization', v_org::text, null, '{}');
  return v_org;
end
$$;
comment on function public.create_organization(text) is
  'Creates an organization owned by the calling user; audited. Caller: authenticated.';

revoke all on function public.resolve_project(text, text) from public, anon, authenticated, service_role;
revoke all on function public.create_conversation(text, text, text, text, text) from public, anon, authenticated, service_role;
revoke all on function public.conversation_by_delete_token(text) from public, anon, authenticated, service_role;
revoke all on function public.delete_conversation(text, text) from public, anon, authenticated, service_role;
revoke all on function public.purge_expired_conversations() from public, anon, authenticated, service_role;
revoke all on function public.create_organization(text) from public, anon, authenticated, service_role;
grant execute on function public.resolve_project(text, text) to anon;
grant execute on function public.create_conversation(text, text, text, text, text) to anon;
grant execute on function public.conversation_by_delete_token(text) to anon;
grant execute on function public.delete_conversation(text, text) to anon;
grant execute on function public.purge_expired_conversations() to service_role;
grant execute on function public.create_organization(text) to authenticated;
