-- Append-only audit log with a hash chain per organization and category.
--
-- Rows are written only through audit_append() (API roles) and
-- private.audit_write() (other security definer functions). A BEFORE INSERT
-- trigger assigns the chain position and hashes, whoever inserts, so a row
-- cannot be inserted with a forged link:
--   row_hash = sha256(prev_hash || canonical_json(row)), prev_hash of the first
--   row of a chain = 32 zero bytes.
-- UPDATE and TRUNCATE are refused by triggers for every role including the
-- table owner; DELETE likewise, except for expired rows deleted by
-- audit_apply_retention(), which runs as the dedicated role
-- mignuti_audit_retention and first appends a checkpoint row recording the
-- hash of the last row it removes, so the remaining chain still verifies.
-- No API role holds INSERT, UPDATE, DELETE or TRUNCATE on the table.
-- Retention: operational entries 2 years, compliance entries 7 years. Each
-- category is its own chain, so expiry always removes a prefix of a chain.


do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'mignuti_audit_retention') then
    create role mignuti_audit_retention nologin noinherit;
  end if;
end
$$;
-- Needed to hand the retention function to this role (ALTER ... OWNER).
grant mignuti_audit_retention to current_user;
grant usage on schema private to mignuti_audit_retention;

create table public.audit_log (
  id bigint generated always as identity primary key,
  -- No foreign key: entries outlive a purged organization (compliance: 7 years).
  org_id uuid not null,
  category text not null check (category in ('operational', 'compliance')),
  seq bigint not null,
  kind text not null default 'entry' check (kind in ('entry', 'checkpoint')),
  action text not null check (action ~ '^[a-z][a-z0-9_.]{1,63}$'),
  actor_type text not null check (actor_type in ('visitor', 'member', 'system')),
  actor_id text check (length(actor_id) <= 100),
  project_id uuid,
  target_type text check (length(target_type) <= 50),
  target_id text check (length(target_id) <= 200),
  request_id text check (length(request_id) <= 100),
  -- Metadata only (counts, ids, codes); never message content.
  details jsonb not null default '{}'
    check (jsonb_typeof(details) = 'object' and pg_column_size(details) <= 8192),
  created_at timestamptz not null default clock_timestamp(),
  retain_until timestamptz not null,
  prev_hash bytea not null check (length(prev_hash) = 32),
  row_hash bytea not null check (length(row_hash) = 32),
  unique (org_id, category, seq)
);
comment on table public.audit_log is
  'Append-only audit trail, hash-chained per (org_id, category); see audit_verify().';
create index audit_log_project_id_idx on public.audit_log (project_id);
create index audit_log_retain_until_idx on public.audit_log (retain_until);
alter table public.audit_log enable row level security;

-- The bytes a row's hash covers: every column except id, prev_hash, row_hash.
create or replace function private.audit_canonical(r public.audit_log)
returns bytea
language sql
immutable
security invoker
set search_path = ''
as $$
  select convert_to(jsonb_build_array(
    r.org_id, r.category, r.seq, r.kind, r.action, r.actor_type, r.actor_id, r.project_id,
    r.target_type, r.target_id, r.request_id, r.details,
    (extract(epoch from r.created_at) * 1000000)::bigint,
    (extract(epoch from r.retain_until) * 1000000)::bigint
  )::text, 'UTF8')
$$;

create or replace function private.audit_chain_lock(p_org_id uuid, p_category text)
returns void
language sql
volatile
security invoker
set search_path = ''
as $$
  select pg_advisory_xact_lock(hashtextextended('mignuti.audit_log:' || p_org_id::text || ':' || p_category, 0))
$$;

create or replace function private.audit_log_before_insert()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_last record;
begin
  perform private.audit_chain_lock(new.org_id, new.category);
  select a.seq, a.row_hash into v_last
    from public.audit_log a
   where a.org_id = new.org_id and a.category = new.category
   order by a.seq desc
   limit 1;
  new.seq := coalesce(v_last.seq, 0) + 1;
  new.prev_hash := coalesce(v_last.row_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  new.created_at := coalesce(new.created_at, clock_timestamp());
  new.retain_until := new.created_at
    + case new.category when 'compliance' then interval '7 years' else interval '2 years' end;
  new.row_hash := sha256(new.prev_hash || private.audit_canonical(new));
  return new;
end
$$;

create or replace function private.audit_log_refuse_change()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and current_user = 'mignuti_audit_retention' and old.retain_until < now() then
    return old;
  end if;
  raise exception 'audit_log is append-only: % refused', tg_op
    using errcode = '42501', hint = 'Expired entries are removed only by audit_apply_retention().';
end
$$;

create trigger audit_log_chain
  before insert on public.audit_log
  for each row execute function private.audit_log_before_insert();
create trigger audit_log_no_update
  before update on public.audit_log
  for each row execute function private.audit_log_refuse_change();
create trigger audit_log_no_delete
  before delete on public.audit_log
  for each row execute function private.audit_log_refuse_change();
create trigger audit_log_no_truncate
  before truncate on public.audit_log
  for each statement execute function private.audit_log_refuse_change();

-- Owners and admins read their organization's trail; the retention role reads
-- and removes expired rows; nobody else has a policy.
create policy audit_log_select_admin on public.audit_log
  for select to authenticated
  using (org_id in (select m.org_id from public.org_members m
                    where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy audit_log_select_retention on public.audit_log
  for select to mignuti_audit_retention
  using (true);
create policy audit_log_delete_retention on public.audit_log
  for delete to mignuti_audit_retention
  using (retain_until < now());

revoke all on public.audit_log from public, anon, authenticated, service_role, widget_visitor;
grant select on public.audit_log to authenticated, service_role;
grant select, delete on public.audit_log to mignuti_audit_retention;

-- The single insert path, for other security definer functions.
create or replace function private.audit_write(
  p_org_id uuid,
  p_category text,
  p_action text,
  p_actor_type text,
  p_actor_id text,
  p_project_id uuid,
  p_target_type text,
  p_target_id text,
  p_request_id text,
  p_details jsonb,
  p_kind text default 'entry'
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint;
begin
  insert into public.audit_log (org_id, category, kind, action, actor_type, actor_id, project_id,
                                target_type, target_id, request_id, details, retain_until, prev_hash, row_hash)
  values (p_org_id, p_category, p_kind, p_action, p_actor_type, p_actor_id, p_project_id,
          p_target_type, p_target_id, p_request_id, coalesce(p_details, '{}'),
          -- placeholders; the chain trigger computes them
          now(), '\x0000000000000000000000000000000000000000000000000000000000000000',
          '\x0000000000000000000000000000000000000000000000000000000000000000')
  returning id into v_id;
  return v_id;
end
$$;
revoke all on function private.audit_write(uuid, text, text, text, text, uuid, text, text, text, jsonb, text) from public;
grant execute on function private.audit_write(uuid, text, text, text, text, uuid, text, text, text, jsonb, text)
  to mignuti_audit_retention;

-- audit_append: the audit entry point for edge functions. The actor comes from
-- the transaction's role and JWT claims, never from arguments:
--   widget_visitor  actor = the conversation (sub); org = its project's; operational only.
--   authenticated   actor = auth.uid(); org = p_org_id or p_project_id's, where the
--                   user is a member.
--   service_role    actor = system; org = p_org_id or p_project_id's.
-- Returns the new entry's id. Categories: 'operational' (2 years), 'compliance' (7 years).
create or replace function public.audit_append(
  p_action text,
  p_category text default 'operational',
  p_target_type text default null,
  p_target_id text default null,
  p_details jsonb default '{}',
  p_request_id text default null,
  p_project_id uuid default null,
  p_org_id uuid default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_role text := current_setting('role');
  v_org uuid;
  v_project uuid := p_project_id;
  v_actor_type text;
  v_actor_id text;
  v_uid uuid;
begin
  if v_role = 'widget_visitor' then
    v_uid := auth.uid();
    select c.project_id, p.org_id into v_project, v_org
      from public.conversations c join public.projects p on p.id = c.project_id
     where c.id = v_uid and c.project_id = nullif(auth.jwt() ->> 'project_id', '')::uuid;
    if v_org is null or (p_project_id is not null and p_project_id <> v_project) then
      raise exception 'not_authorized' using errcode = '42501';
    end if;
    if p_category <> 'operational' then
      raise exception 'visitors write operational entries only' using errcode = '42501';
    end if;
    v_actor_type := 'visitor';
    v_actor_id := v_uid::text;
  elsif v_role = 'authenticated' then
    v_uid := auth.uid();
    if p_project_id is not null then
      select p.org_id into v_org from public.projects p where p.id = p_project_id;
      if p_org_id is not null and p_org_id is distinct from v_org then
        raise exception 'not_authorized' using errcode = '42501';
      end if;
    else
      v_org := p_org_id;
    end if;
    if v_uid is null or not exists (select 1 from public.org_members m
                                    where m.org_id = v_org and m.user_id = v_uid) then
      raise exception 'not_authorized' using errcode = '42501';
    end if;
    v_actor_type := 'member';
    v_actor_id := v_uid::text;
  elsif v_role in ('service_role', 'none') then
    -- 'none': a direct session of a role holding EXECUTE itself (only the
    -- database owner; the edge functions' roles always switch role first).
    if p_project_id is not null then
      select p.org_id into v_org from public.projects p where p.id = p_project_id;
      if p_org_id is not null and p_org_id is distinct from v_org then
        raise exception 'project % is not in organization %', p_project_id, p_org_id using errcode = '22023';
      end if;
    end if;
    v_org := coalesce(v_org, p_org_id);
    if v_org is null then
      raise exception 'audit entry needs an organization' using errcode = '22023';
    end if;
    v_actor_type := 'system';
    v_actor_id := nullif(auth.jwt() ->> 'sub', '');
  else
    raise exception 'not_authorized' using errcode = '42501';
  end if;

  return private.audit_write(v_org, coalesce(p_category, 'operational'), p_action, v_actor_type, v_actor_id,
                             v_project, p_target_type, p_target_id, p_request_id, p_details);
end
$$;
comment on function public.audit_append(text, text, text, text, jsonb, text, uuid, uuid) is
  'Writes one audit entry; the actor and organization come from the caller''s role and JWT claims.';
revoke all on function public.audit_append(text, text, text, text, jsonb, text, uuid, uuid) from public, anon;
grant execute on function public.audit_append(text, text, text, text, jsonb, text, uuid, uuid)
  to widget_visitor, authenticated, service_role;

-- audit_verify: recomputes every visible chain (RLS: an owner/admin sees their
-- organization's; service_role all) and reports per chain the first broken
-- row: a row whose content no longer matches its hash, a row whose prev_hash
-- does not link to its predecessor, or missing rows not covered by a
-- retention checkpoint. head_hash is the hash to anchor externally.
create or replace function public.audit_verify(p_org_id uuid default null)
returns table (
  org_id uuid,
  category text,
  ok boolean,
  rows_checked bigint,
  first_broken_id bigint,
  first_broken_seq bigint,
  reason text,
  head_seq bigint,
  head_hash text
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  r public.audit_log;
  v_prev public.audit_log;
  v_anchor text;
begin
  org_id := null;
  for r in
    select * from public.audit_log a
     where p_org_id is null or a.org_id = p_org_id
     order by a.org_id, a.category, a.seq
  loop
    if org_id is distinct from r.org_id or category is distinct from r.category then
      if org_id is not null then
        return next;
      end if;
      org_id := r.org_id; category := r.category; ok := true; rows_checked := 0;
      first_broken_id := null; first_broken_seq := null; reason := null;
      v_prev := null;
      -- First row of a chain: the genesis link, or a checkpoint's anchor.
      if r.seq = 1 then
        if r.prev_hash <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea then
          ok := false; first_broken_id := r.id; first_broken_seq := r.seq;
          reason := 'first row does not start from the genesis hash';
        end if;
      else
        select c.details ->> 'anchor_hash' into v_anchor
          from public.audit_log c
         where c.org_id = r.org_id and c.category = r.category and c.kind = 'checkpoint'
           and (c.details ->> 'removed_through_seq')::bigint = r.seq - 1
         order by c.seq desc limit 1;
        if v_anchor is null or v_anchor <> encode(r.prev_hash, 'hex') then
          ok := false; first_broken_id := r.id; first_broken_seq := r.seq;
          reason := format('rows before seq %s are missing and no retention checkpoint covers them', r.seq);
        end if;
      end if;
    end if;
    rows_checked := rows_checked + 1;
    head_seq := r.seq; head_hash := encode(r.row_hash, 'hex');
    if ok then
      if v_prev.id is not null and r.seq <> v_prev.seq + 1 then
        ok := false; first_broken_id := r.id; first_broken_seq := r.seq;
        reason := format('rows %s..%s are missing', v_prev.seq + 1, r.seq - 1);
      elsif v_prev.id is not null and r.prev_hash <> v_prev.row_hash then
        ok := false; first_broken_id := r.id; first_broken_seq := r.seq;
        reason := 'prev_hash does not match the previous row''s hash';
      elsif r.row_hash <> sha256(r.prev_hash || private.audit_canonical(r)) then
        ok := false; first_broken_id := r.id; first_broken_seq := r.seq;
        reason := 'row content does not match its hash';
      end if;
    end if;
    v_prev := r;
  end loop;
  if org_id is not null then
    return next;
  end if;
end
$$;
comment on function public.audit_verify(uuid) is
  'Verifies the audit hash chains visible to the caller and reports the first broken row of each.';
revoke all on function public.audit_verify(uuid) from public, anon;
grant execute on function public.audit_verify(uuid) to authenticated, service_role;
-- Internal helpers: callable only where needed (trigger functions need no
-- EXECUTE to fire).
revoke all on function private.audit_canonical(public.audit_log), private.audit_chain_lock(uuid, text),
  private.audit_log_before_insert(), private.audit_log_refuse_change() from public;
grant execute on function private.audit_canonical(public.audit_log) to authenticated, service_role;
grant execute on function private.audit_chain_lock(uuid, text) to mignuti_audit_retention;
grant usage on schema private to authenticated, service_role;

-- audit_apply_retention: removes expired entries, oldest first, per chain.
-- Before removing rows 1..n of a chain it appends a checkpoint entry holding
-- the hash of row n, so the first remaining row still links to something the
-- chain vouches for. Idempotent; safe to re-run after an interruption (one
-- transaction per call). Called by the scheduled job as service_role.
create or replace function public.audit_apply_retention()
returns table (org_id uuid, category text, removed bigint, removed_through_seq bigint, checkpoint_id bigint)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_chain record;
  v_first_live bigint;
  v_cutoff bigint;
  v_anchor bytea;
  v_min bigint;
begin
  for v_chain in
    select distinct a.org_id, a.category from public.audit_log a where a.retain_until < now()
    order by 1, 2
  loop
    perform private.audit_chain_lock(v_chain.org_id, v_chain.category);
    -- Remove the prefix of expired rows, up to the first row still retained.
    select min(a.seq) into v_min from public.audit_log a
     where a.org_id = v_chain.org_id and a.category = v_chain.category;
    select min(a.seq) into v_first_live from public.audit_log a
     where a.org_id = v_chain.org_id and a.category = v_chain.category and a.retain_until >= now();
    select max(a.seq) into v_cutoff from public.audit_log a
     where a.org_id = v_chain.org_id and a.category = v_chain.category
       and (v_first_live is null or a.seq < v_first_live);
    if v_cutoff is null then
      continue;
    end if;
    select a.row_hash into v_anchor from public.audit_log a
     where a.org_id = v_chain.org_id and a.category = v_chain.category and a.seq = v_cutoff;

    org_id := v_chain.org_id; category := v_chain.category; removed_through_seq := v_cutoff;
    checkpoint_id := private.audit_write(v_chain.org_id, v_chain.category, 'audit.retention_checkpoint', 'system',
      null, null, 'audit_log', null, null,
      jsonb_build_object('removed_from_seq', v_min, 'removed_through_seq', v_cutoff,
                         'anchor_hash', encode(v_anchor, 'hex')),
      'checkpoint');
    delete from public.audit_log a
     where a.org_id = v_chain.org_id and a.category = v_chain.category and a.seq <= v_cutoff;
    get diagnostics removed = row_count;
    return next;
  end loop;
end
$$;
comment on function public.audit_apply_retention() is
  'Deletes expired audit entries (2 years operational, 7 years compliance) behind a verifiable checkpoint.';
-- A non-superuser may hand a function to a role that can create in its schema;
-- the privilege is needed for the hand-over only.
grant create on schema public to mignuti_audit_retention;
alter function public.audit_apply_retention() owner to mignuti_audit_retention;
revoke create on schema public from mignuti_audit_retention;
revoke all on function public.audit_apply_retention() from public, anon, authenticated;
grant execute on function public.audit_apply_retention() to service_role;
