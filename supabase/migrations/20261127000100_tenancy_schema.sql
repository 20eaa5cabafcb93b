-- Tenancy: organizations, their members, projects, project secrets,
-- conversations and messages, each with row level security from the start.
--
-- Who reads what (claims are read once per statement through initplans):
--   authenticated   org members by their Supabase Auth token (`sub` = auth.users.id);
--                   every member reads the organization's data, owners and admins change it.
--   widget_visitor  a website visitor with a session token (`sub` = conversation id,
--                   `project_id`); sees its own live conversation and the project's
--                   published knowledge only.
--   anon            nothing directly; only the security definer entry points granted below.
--   service_role    bypasses RLS (Supabase); used by scheduled jobs only.
-- Supabase grants the API roles every privilege on new tables in public; this
-- migration takes back what no policy needs (anon everything, TRUNCATE,
-- REFERENCES, TRIGGER), because TRUNCATE is not subject to RLS.

create extension if not exists vector with schema extensions;

-- Internal functions, not part of the API; each is granted individually.
create schema if not exists private;
revoke all on schema private from public;
comment on schema private is 'Internal functions; not exposed to the API roles.';

-- Helpers --------------------------------------------------------------------

-- Text search configuration for a language code; 'simple' for anything unknown.
-- Declared immutable because the built-in configurations never change, which
-- lets generated tsvector columns use it.
create or replace function public.fts_config_for(lang text)
returns regconfig
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select case lower(coalesce(lang, ''))
    when 'de' then 'pg_catalog.german'::regconfig
    when 'en' then 'pg_catalog.english'::regconfig
    when 'fr' then 'pg_catalog.french'::regconfig
    when 'es' then 'pg_catalog.spanish'::regconfig
    when 'it' then 'pg_catalog.italian'::regconfig
    when 'nl' then 'pg_catalog.dutch'::regconfig
    when 'pt' then 'pg_catalog.portuguese'::regconfig
    when 'sv' then 'pg_catalog.swedish'::regconfig
    when 'da' then 'pg_catalog.danish'::regconfig
    when 'fi' then 'pg_catalog.finnish'::regconfig
    when 'no' then 'pg_catalog.norwegian'::regconfig
    else 'pg_catalog.simple'::regconfig
  end
$$;
comment on function public.fts_config_for(text) is
  'Text search configuration for an ISO 639-1 language code (simple when unknown).';

-- Parses one allowed-origin entry: scheme://host[:port] or host[:port]
-- (https implied), where host may start with "*." to allow any subdomain.
-- Returns {scheme, wildcard, host, port} or null when the entry is malformed.
create or replace function public.parse_origin_entry(entry text)
returns text[]
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
declare
  m text[];
  scheme text;
  port int;
begin
  m := regexp_match(lower(entry),
    '^(?:(https?)://)?(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?$');
  if m is null then
    return null;
  end if;
  scheme := coalesce(m[1], 'https');
  port := coalesce(m[7]::int, case scheme when 'https' then 443 else 80 end);
  if port < 1 or port > 65535 then
    return null;
  end if;
  return array[scheme, coalesce(nullif(m[2], ''), ''), m[3], port::text];
end
$$;
comment on function public.parse_origin_entry(text) is
  'Normalises an allowed-origin entry to {scheme, "*." or "", host, port}; null when malformed.';

-- True when every entry of an allowed-origins list is well formed.
create or replace function public.origins_valid(entries text[])
returns boolean
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select coalesce(bool_and(public.parse_origin_entry(e) is not null), true)
  from unnest(entries) as e
$$;

-- Does a browser Origin header match an allowed-origins list? Exact scheme,
-- host and port (default ports made explicit); "*.example.com" matches any
-- subdomain of example.com but not example.com itself. "null", paths,
-- credentials and anything unparsable never match.
create or replace function public.origin_allowed(origin text, allowed text[])
returns boolean
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
declare
  o text[];
  e text[];
  entry text;
begin
  if origin is null or origin !~* '^https?://' then
    return false;
  end if;
  o := public.parse_origin_entry(origin);
  if o is null or o[2] <> '' then
    return false;
  end if;
  foreach entry in array coalesce(allowed, '{}') loop
    e := public.parse_origin_entry(entry);
    continue when e is null or e[1] <> o[1] or e[4] <> o[4];
    if e[2] = '' and o[3] = e[3] then
      return true;
    end if;
    if e[2] = '*.' and right(o[3], length(e[3]) + 1) = '.' || e[3]
       and length(o[3]) > length(e[3]) + 1 then
      return true;
    end if;
  end loop;
  return false;
end
$$;
comment on function public.origin_allowed(text, text[]) is
  'Origin check for the widget: exact scheme/host/port, optional *.domain entries.';

-- Organizations ----------------------------------------------------------------

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.organizations is 'A customer (tenant). Created through create_organization().';
alter table public.organizations enable row level security;

create table public.org_members (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
comment on table public.org_members is
  'Membership of Supabase Auth users in organizations; owners and admins manage data, members read.';
create index org_members_user_id_idx on public.org_members (user_id, org_id, role);
alter table public.org_members enable row level security;

-- A member sees their own memberships; the other tables' policies join this.
create policy org_members_select_own on public.org_members
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy organizations_select_member on public.organizations
  for select to authenticated
  using (id in (select m.org_id from public.org_members m where m.user_id = (select auth.uid())));

create policy organizations_update_owner on public.organizations
  for update to authenticated
  using (id in (select m.org_id from public.org_members m
                where m.user_id = (select auth.uid()) and m.role = 'owner'))
  with check (id in (select m.org_id from public.org_members m
                     where m.user_id = (select auth.uid()) and m.role = 'owner'));

-- Projects ---------------------------------------------------------------------

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  -- Public identifier embedded in the customer's <script> tag.
  publishable_key text not null unique check (publishable_key ~ '^pk_[a-z0-9_]{4,64}$'),
  allowed_origins text[] not null default '{}'
    check (public.origins_valid(allowed_origins) and cardinality(allowed_origins) <= 50),
  default_language text not null default 'en' check (default_language ~ '^[a-z]{2}$'),
  retention_days integer not null default 30 check (retention_days between 1 and 3650),
  -- 'eu_only': never call a model provider outside the EU; 'any': deployment order.
  provider_policy text not null default 'eu_only' check (provider_policy in ('eu_only', 'any')),
  -- The embedder whose vectors retrieval uses; chunks of other embedders are ignored.
  embedder_id text not null default 'local-hash-1536-v1' check (length(embedder_id) between 1 and 100),
  -- Redact PII from ingested knowledge (off only for public material).
  redact_knowledge boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, org_id)
);
comment on table public.projects is 'One chatbot deployment (website) of an organization.';
create index projects_org_id_idx on public.projects (org_id);
alter table public.projects enable row level security;

-- The project of the calling visitor: the `project_id` claim, but only while the
-- conversation named by `sub` is alive and belongs to that project, so a token
-- with a tampered or stale project claim opens nothing.
-- (Defined after conversations; see below.)

create policy projects_select_member on public.projects
  for select to authenticated
  using (org_id in (select m.org_id from public.org_members m where m.user_id = (select auth.uid())));

create policy projects_insert_admin on public.projects
  for insert to authenticated
  with check (org_id in (select m.org_id from public.org_members m
                         where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

create policy projects_update_admin on public.projects
  for update to authenticated
  using (org_id in (select m.org_id from public.org_members m
                    where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')))
  with check (org_id in (select m.org_id from public.org_members m
                         where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

create policy projects_delete_owner on public.projects
  for delete to authenticated
  using (org_id in (select m.org_id from public.org_members m
                    where m.user_id = (select auth.uid()) and m.role = 'owner'));

-- Project secrets: server API keys and similar, stored only as keyed hashes
-- (HMAC-SHA-256 with a server key, hex). The plaintext is shown once at creation.
create table public.project_secrets (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  kind text not null check (kind in ('server_api_key', 'webhook_signing_key')),
  label text not null default '' check (length(label) <= 100),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  -- First characters of the secret, to tell keys apart in a list.
  key_prefix text not null check (key_prefix ~ '^[A-Za-z0-9_-]{4,16}$'),
  -- Version of the server key the hash was computed with (rotation).
  hash_key_version integer not null default 1,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
comment on table public.project_secrets is 'Project secrets as keyed hashes only; never the secret itself.';
create index project_secrets_project_id_idx on public.project_secrets (project_id);
create index project_secrets_created_by_idx on public.project_secrets (created_by);
alter table public.project_secrets enable row level security;

create policy project_secrets_select_admin on public.project_secrets
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

create policy project_secrets_insert_admin on public.project_secrets
  for insert to authenticated
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

create policy project_secrets_update_admin on public.project_secrets
  for update to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')))
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

create policy project_secrets_delete_admin on public.project_secrets
  for delete to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

-- Conversations ----------------------------------------------------------------

-- Created only by create_conversation(). The delete token (256 random bits) and
-- the client IP exist here only as hashes computed by the session function.
create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  ip_hash text not null check (ip_hash ~ '^[A-Za-z0-9_=+/-]{16,128}$'),
  delete_token_hash text not null unique check (delete_token_hash ~ '^[0-9a-f]{64}$'),
  language text not null check (language ~ '^[a-z]{2}$'),
  created_at timestamptz not null default now(),
  last_active_at timestamptz not null default now(),
  unique (id, project_id)
);
comment on table public.conversations is 'A visitor conversation; the session token''s sub is its id.';
create index conversations_project_id_idx on public.conversations (project_id, last_active_at);
alter table public.conversations enable row level security;

create or replace function public.visitor_project_id()
returns uuid
language sql
stable
security invoker
set search_path = ''
as $$
  select c.project_id
  from public.conversations c
  where c.id = (select auth.uid())
    and c.project_id = nullif(auth.jwt() ->> 'project_id', '')::uuid
$$;
comment on function public.visitor_project_id() is
  'Project of the calling widget visitor: the project_id claim, only while the conversation in sub belongs to it.';

create policy conversations_select_visitor on public.conversations
  for select to widget_visitor
  using (id = (select auth.uid())
         and project_id = (select nullif(auth.jwt() ->> 'project_id', '')::uuid));

create policy conversations_update_visitor on public.conversations
  for update to widget_visitor
  using (id = (select auth.uid())
         and project_id = (select nullif(auth.jwt() ->> 'project_id', '')::uuid))
  with check (id = (select auth.uid())
              and project_id = (select nullif(auth.jwt() ->> 'project_id', '')::uuid));

create policy conversations_select_member on public.conversations
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid())));

create policy conversations_delete_admin on public.conversations
  for delete to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));

-- Messages: redacted text only (PII is replaced by placeholders before the
-- insert), with provenance {provider, model, region, fallback_used,
-- source_chunk_ids, latency_ms, …}.
create table public.messages (
  id bigint generated always as identity primary key,
  conversation_id uuid not null,
  project_id uuid not null,
  role text not null check (role in ('user', 'assistant')),
  content text not null check (length(content) <= 20000),
  provenance jsonb not null default '{}' check (jsonb_typeof(provenance) = 'object'),
  prompt_tokens integer check (prompt_tokens >= 0),
  completion_tokens integer check (completion_tokens >= 0),
  -- The stream failed after the first token; the content is what was sent.
  incomplete boolean not null default false,
  created_at timestamptz not null default now(),
  foreign key (conversation_id, project_id)
    references public.conversations (id, project_id) on delete cascade
);
comment on table public.messages is 'Redacted chat turns with provenance; never raw visitor text.';
create index messages_conversation_id_idx on public.messages (conversation_id, created_at);
create index messages_project_id_idx on public.messages (project_id, created_at);
alter table public.messages enable row level security;

create policy messages_select_visitor on public.messages
  for select to widget_visitor
  using (conversation_id = (select auth.uid())
         and project_id = (select public.visitor_project_id()));

create policy messages_insert_visitor on public.messages
  for insert to widget_visitor
  with check (conversation_id = (select auth.uid())
              and project_id = (select public.visitor_project_id()));

create policy messages_select_member on public.messages
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid())));

-- Each stored turn marks the conversation active (retention counts from here).
create or replace function public.messages_touch_conversation()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.conversations
     set last_active_at = greatest(last_active_at, new.created_at)
   where id = new.conversation_id;
  return null;
end
$$;

create trigger messages_touch_conversation
  after insert on public.messages
  for each row execute function public.messages_touch_conversation();

-- Visitor projects: the project row the widget needs (language, policy, embedder).
create policy projects_select_visitor on public.projects
  for select to widget_visitor
  using (id = (select public.visitor_project_id()));

-- Privileges -------------------------------------------------------------------

revoke all on public.organizations, public.org_members, public.projects, public.project_secrets,
  public.conversations, public.messages from anon;
revoke truncate, references, trigger on public.organizations, public.org_members, public.projects,
  public.project_secrets, public.conversations, public.messages from authenticated, service_role;

-- Secrets: owners and admins list them, but never read the hash back.
revoke select, update on public.project_secrets from authenticated;
grant select (id, project_id, kind, label, key_prefix, hash_key_version, created_by, created_at,
              last_used_at, revoked_at) on public.project_secrets to authenticated;
grant update (label, revoked_at) on public.project_secrets to authenticated;
-- Members only ever change names and settings, never move rows between tenants.
revoke update on public.organizations, public.projects, public.conversations, public.messages,
  public.org_members from authenticated;
grant update (name, updated_at) on public.organizations to authenticated;
grant update (name, allowed_origins, default_language, retention_days, provider_policy, embedder_id,
              redact_knowledge, updated_at) on public.projects to authenticated;
revoke insert on public.organizations, public.org_members, public.conversations, public.messages
  from authenticated;
revoke delete on public.organizations, public.org_members, public.messages from authenticated;

-- Widget visitors: granted explicitly (Supabase's default grants do not cover the role).
grant select (id, name, default_language, provider_policy, embedder_id) on public.projects to widget_visitor;
grant select (id, project_id, language, created_at, last_active_at) on public.conversations to widget_visitor;
grant update (last_active_at, ip_hash) on public.conversations to widget_visitor;
grant select, insert on public.messages to widget_visitor;

revoke all on function public.visitor_project_id() from public, anon;
grant execute on function public.visitor_project_id() to widget_visitor, authenticated, service_role;
grant execute on function public.fts_config_for(text), public.origin_allowed(text, text[]),
  public.origins_valid(text[]), public.parse_origin_entry(text) to widget_visitor;
