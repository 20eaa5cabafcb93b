-- Knowledge base: documents, Q&A pairs and their embedded chunks, plus the
-- tenant-scoped hybrid retrieval RPC match_chunks().
--
-- Every chunk carries its project id (checked against its document or Q&A pair
-- by a composite foreign key, so no row can point into another tenant) and the
-- id of the embedder that produced its vector. The text search vector is
-- generated from the source's language. The language is stored as a code and
-- mapped by fts_config_for() rather than as a regconfig column, because
-- pg_upgrade refuses tables with regconfig columns and Supabase upgrades
-- major versions with pg_upgrade.

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  title text not null check (length(title) between 1 and 500),
  source_url text check (source_url ~* '^https?://'),
  language text not null check (language ~ '^[a-z]{2}$'),
  -- sha256 (hex) of the normalised source; re-ingesting unchanged content is a no-op.
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  byte_size integer not null default 0 check (byte_size >= 0),
  status text not null default 'ready' check (status in ('processing', 'ready', 'failed')),
  -- An indirect prompt injection was found at ingestion; its chunks stay out of
  -- retrieval until a reviewer clears them.
  injection_flagged boolean not null default false,
  reviewed_at timestamptz,
  reviewed_by uuid references auth.users (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, content_hash),
  unique (id, project_id)
);
comment on table public.documents is 'Knowledge documents of a project (help-center articles, pages).';
create index documents_reviewed_by_idx on public.documents (reviewed_by);
create index documents_created_by_idx on public.documents (created_by);
alter table public.documents enable row level security;

create table public.qa_pairs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  question text not null check (length(question) between 1 and 2000),
  answer text not null check (length(answer) between 1 and 20000),
  language text not null check (language ~ '^[a-z]{2}$'),
  source_url text check (source_url ~* '^https?://'),
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  injection_flagged boolean not null default false,
  reviewed_at timestamptz,
  reviewed_by uuid references auth.users (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, content_hash),
  unique (id, project_id)
);
comment on table public.qa_pairs is 'Curated question/answer pairs of a project.';
create index qa_pairs_reviewed_by_idx on public.qa_pairs (reviewed_by);
create index qa_pairs_created_by_idx on public.qa_pairs (created_by);
alter table public.qa_pairs enable row level security;

-- Generated-column expression: the tsvector of a text in a language.
create or replace function public.fts_vector(lang text, body text)
returns tsvector
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select to_tsvector(public.fts_config_for(lang), coalesce(body, ''))
$$;

create table public.chunks (
  id bigint generated always as identity primary key,
  project_id uuid not null references public.projects (id) on delete cascade,
  document_id uuid,
  qa_pair_id uuid,
  ordinal integer not null default 0 check (ordinal >= 0),
  heading text check (length(heading) <= 1000),
  content text not null check (length(content) between 1 and 20000),
  -- Copied from the document or Q&A pair by a trigger; drives the tsvector.
  language text not null default 'en' check (language ~ '^[a-z]{2}$'),
  fts tsvector generated always as (public.fts_vector(language, coalesce(heading || E'\n', '') || content)) stored,
  embedding extensions.vector(1536) not null,
  embedder_id text not null check (length(embedder_id) between 1 and 100),
  -- Kept out of retrieval (injection suspected) until reviewed.
  flagged boolean not null default false,
  token_count integer check (token_count >= 0),
  created_at timestamptz not null default now(),
  check (num_nonnulls(document_id, qa_pair_id) = 1),
  foreign key (document_id, project_id) references public.documents (id, project_id) on delete cascade,
  foreign key (qa_pair_id, project_id) references public.qa_pairs (id, project_id) on delete cascade
);
comment on table public.chunks is
  'Retrieval units: a passage of a document or one Q&A pair, with its embedding and tsvector.';
create index chunks_project_id_idx on public.chunks (project_id, embedder_id);
create index chunks_document_id_idx on public.chunks (document_id);
create index chunks_qa_pair_id_idx on public.chunks (qa_pair_id);
create index chunks_fts_idx on public.chunks using gin (fts);
create index chunks_embedding_idx on public.chunks
  using hnsw (embedding extensions.vector_cosine_ops) with (m = 16, ef_construction = 64);
alter table public.chunks enable row level security;

-- A chunk's language is its source's, so the tsvector matches the document.
create or replace function public.chunks_inherit_language()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.document_id is not null then
    select d.language into new.language from public.documents d
     where d.id = new.document_id and d.project_id = new.project_id;
  else
    select q.language into new.language from public.qa_pairs q
     where q.id = new.qa_pair_id and q.project_id = new.project_id;
  end if;
  new.language := coalesce(new.language, 'en');
  return new;
end
$$;

create trigger chunks_inherit_language
  before insert or update of document_id, qa_pair_id, language on public.chunks
  for each row execute function public.chunks_inherit_language();

-- Policies: members read, owners and admins write, visitors read the
-- project's published knowledge (never flagged chunks).
create policy documents_select_member on public.documents
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid())));
create policy documents_insert_admin on public.documents
  for insert to authenticated
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy documents_update_admin on public.documents
  for update to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')))
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy documents_delete_admin on public.documents
  for delete to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy documents_select_visitor on public.documents
  for select to widget_visitor
  using (project_id = (select public.visitor_project_id()) and status = 'ready' and not injection_flagged);

create policy qa_pairs_select_member on public.qa_pairs
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid())));
create policy qa_pairs_insert_admin on public.qa_pairs
  for insert to authenticated
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy qa_pairs_update_admin on public.qa_pairs
  for update to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')))
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy qa_pairs_delete_admin on public.qa_pairs
  for delete to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy qa_pairs_select_visitor on public.qa_pairs
  for select to widget_visitor
  using (project_id = (select public.visitor_project_id()) and not injection_flagged);

create policy chunks_select_member on public.chunks
  for select to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid())));
create policy chunks_insert_admin on public.chunks
  for insert to authenticated
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy chunks_update_admin on public.chunks
  for update to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')))
  with check (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                             where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy chunks_delete_admin on public.chunks
  for delete to authenticated
  using (project_id in (select p.id from public.projects p join public.org_members m on m.org_id = p.org_id
                        where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')));
create policy chunks_select_visitor on public.chunks
  for select to widget_visitor
  using (project_id = (select public.visitor_project_id()) and not flagged);

-- Hybrid retrieval ---------------------------------------------------------------

-- Full-text candidates of one project, for match_chunks. Row level security
-- keeps operators that are not leakproof, such as @@, out of index scans, so
-- under RLS the full-text step would test every chunk of the tenant (about
-- 8x slower for a 14,000-chunk tenant in the benchmark). This function runs
-- the step as the owner so the GIN index serves it, after applying exactly
-- the select policies of chunks: a visitor gets its own project only, a
-- member a project of its organizations, service_role any. It returns chunk
-- ids and ranks, never content; match_chunks reads the rows under RLS.
create or replace function private.chunk_fts_candidates(
  p_project_id uuid,
  p_embedder_id text,
  p_query tsquery,
  p_limit integer
)
returns table (id bigint, rank real)
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = 'force_custom_plan'
as $$
declare
  v_role text := current_setting('role');
begin
  if p_project_id is null or p_query is null then
    return;
  end if;
  if v_role = 'widget_visitor' then
    if p_project_id is distinct from public.visitor_project_id() then
      return;
    end if;
  elsif v_role = 'authenticated' then
    if not exists (select 1 from public.projects p join public.org_members m on m.org_id = p.org_id
                   where p.id = p_project_id and m.user_id = auth.uid()) then
      return;
    end if;
  elsif v_role not in ('service_role', 'none') then
    return;
  end if;
  return query
    select c.id, ts_rank_cd(c.fts, p_query)
    from public.chunks c
    where c.project_id = p_project_id
      and c.embedder_id = p_embedder_id
      and not c.flagged
      and c.fts @@ p_query
    order by 2 desc, c.id
    limit least(greatest(coalesce(p_limit, 16), 1), 100);
end
$$;
comment on function private.chunk_fts_candidates(uuid, text, tsquery, integer) is
  'Full-text candidate ids of a project the caller may read (same rules as the chunks policies); GIN-backed.';
revoke all on function private.chunk_fts_candidates(uuid, text, tsquery, integer) from public, anon;
grant usage on schema private to widget_visitor, authenticated, service_role;
grant execute on function private.chunk_fts_candidates(uuid, text, tsquery, integer)
  to widget_visitor, authenticated, service_role;

-- match_chunks: hybrid search over the caller's project, Supabase's
-- hybrid-search shape: HNSW cosine ranking and websearch_to_tsquery full-text
-- ranking (terms OR-ed, see below) fused with reciprocal rank fusion.
-- Small tenants (< 2,000 chunks) are searched exactly, larger ones through
-- the shared HNSW index.
--
-- Tenant scope: for a widget visitor the project is the one its token names
-- (visitor_project_id()); a different p_project_id returns nothing. For an org
-- member p_project_id selects one of their projects (RLS decides). Only chunks
-- of the project's current embedder and not flagged are searched.
--
-- query_embedding is the vector as text ('[0.1,0.2,…]', 1536 dimensions), as
-- Hyperdrive clients send it; pass null for full-text only, and null or ''
-- query_text for vector only. Iterative index scans (pgvector >= 0.8) keep the
-- HNSW scan going until enough rows of this project survive the filter;
-- force_custom_plan lets the planner pick an exact scan for small tenants.
create or replace function public.match_chunks(
  query_embedding text,
  query_text text,
  match_count integer default 8,
  p_project_id uuid default null,
  full_text_weight double precision default 1.0,
  semantic_weight double precision default 1.0,
  rrf_k integer default 50,
  query_language text default null
)
returns table (
  chunk_id bigint,
  document_id uuid,
  qa_pair_id uuid,
  title text,
  source_url text,
  heading text,
  content text,
  similarity double precision,
  semantic_rank bigint,
  full_text_rank bigint,
  score double precision
)
language plpgsql
stable
security invoker
set search_path = ''
set hnsw.iterative_scan = 'relaxed_order'
set hnsw.ef_search = 100
set plan_cache_mode = 'force_custom_plan'
set enable_sort = 'on'
as $$
declare
  v_role text := coalesce(auth.jwt() ->> 'role', current_setting('role'));
  v_project uuid;
  v_embedder text;
  v_language text;
  v_k integer := least(greatest(coalesce(match_count, 8), 1), 50);
  v_candidates integer := least(greatest(coalesce(match_count, 8), 1), 50) * 2;
  v_vec extensions.vector(1536);
  v_tsq tsquery;
  v_size integer;
begin
  if v_role = 'widget_visitor' then
    v_project := public.visitor_project_id();
    if p_project_id is not null and p_project_id is distinct from v_project then
      return;
    end if;
  else
    v_project := p_project_id;
  end if;
  if v_project is null then
    return;
  end if;

  -- Visible only if RLS lets the caller see the project.
  select p.embedder_id, p.default_language into v_embedder, v_language
    from public.projects p where p.id = v_project;
  if not found then
    return;
  end if;

  if query_embedding is not null and semantic_weight > 0 then
    v_vec := query_embedding::extensions.vector(1536);
    -- Up to 2,000 chunks an exact scan of the tenant is as fast as the graph
    -- and exact; the planner picks it by itself. Above that it still costs a
    -- 1536-dimension distance per row as one cheap operator and would sort
    -- the whole tenant: disabling the sort for this call (restored at exit by
    -- the SET clause above) makes it walk the HNSW index instead.
    select count(*)::integer into v_size from (
      select 1 from public.chunks c
      where c.project_id = v_project and c.embedder_id = v_embedder and not c.flagged
      limit 2000) s;
    if v_size >= 2000 then
      perform set_config('enable_sort', 'off', true);
    end if;
  end if;
  if nullif(btrim(query_text), '') is not null and full_text_weight > 0 then
    v_tsq := websearch_to_tsquery(public.fts_config_for(coalesce(query_language, v_language)), query_text);
    -- A visitor's question is prose, not a keyword query: requiring every word
    -- (websearch's AND) misses most passages, so terms are OR-ed and
    -- ts_rank_cd ranks passages by how many of them they contain. Quoted
    -- phrases keep their <-> operators.
    v_tsq := replace(v_tsq::text, ' & ', ' | ')::tsquery;
    if numnode(v_tsq) = 0 then
      v_tsq := null;
    end if;
  end if;

  return query
  with semantic as (
    select s.id, s.distance,
           row_number() over (order by s.distance, s.id) as rank_ix
    from (
      select c.id, c.embedding operator(extensions.<=>) v_vec as distance
      from public.chunks c
      where v_vec is not null
        and c.project_id = v_project
        and c.embedder_id = v_embedder
        and not c.flagged
      order by c.embedding operator(extensions.<=>) v_vec
      limit v_candidates
    ) s
  ),
  full_text as (
    select f.id,
           row_number() over (order by f.rank desc, f.id) as rank_ix
    from private.chunk_fts_candidates(v_project, v_embedder, v_tsq, v_candidates) f
  )
  select c.id,
         c.document_id,
         c.qa_pair_id,
         coalesce(d.title, q.question),
         coalesce(d.source_url, q.source_url),
         c.heading,
         c.content,
         1 - semantic.distance,
         semantic.rank_ix,
         full_text.rank_ix,
         coalesce(1.0 / (rrf_k + full_text.rank_ix), 0.0) * full_text_weight
           + coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight
  from semantic
  full outer join full_text on full_text.id = semantic.id
  join public.chunks c on c.id = coalesce(semantic.id, full_text.id)
  left join public.documents d on d.id = c.document_id
  left join public.qa_pairs q on q.id = c.qa_pair_id
  order by 11 desc, c.id
  limit v_k;
end
$$;
comment on function public.match_chunks(text, text, integer, uuid, double precision, double precision, integer, text) is
  'Hybrid retrieval (HNSW cosine + websearch full-text, RRF) limited to the caller''s project; '
  'visitors: the project of their token whatever p_project_id says; members: p_project_id if RLS allows.';

-- Privileges -------------------------------------------------------------------

revoke all on public.documents, public.qa_pairs, public.chunks from anon;
revoke truncate, references, trigger on public.documents, public.qa_pairs, public.chunks
  from authenticated, service_role;
grant select (id, project_id, title, source_url, language, status, injection_flagged)
  on public.documents to widget_visitor;
grant select (id, project_id, question, answer, language, source_url, injection_flagged)
  on public.qa_pairs to widget_visitor;
grant select (id, project_id, document_id, qa_pair_id, ordinal, heading, content, language, fts,
              embedding, embedder_id, flagged)
  on public.chunks to widget_visitor;

revoke all on function public.match_chunks(text, text, integer, uuid, double precision, double precision, integer, text)
  from public, anon;
grant execute on function public.match_chunks(text, text, integer, uuid, double precision, double precision, integer, text)
  to widget_visitor, authenticated, service_role;
grant execute on function public.fts_vector(text, text) to widget_visitor;
-- match_chunks runs as the visitor and needs the vector type and operators.
grant usage on schema extensions to widget_visitor;
