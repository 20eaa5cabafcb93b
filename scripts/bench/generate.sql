-- Synthetic retrieval load for scripts/bench-retrieval.sh (bench database only).
-- 1,000 projects with a Zipf-like skew (project rank r gets about N/(r·H) chunks),
-- 100,000 chunks, 1536-dimension embeddings clustered per tenant: a chunk is
-- its tenant's centre plus two noise vectors drawn from two pools, so vectors
-- are distinct but tenants are not separable by noise alone. Built from vector
-- additions so generation stays cheap on a shared 2-core machine.
\set ON_ERROR_STOP on
set maintenance_work_mem = '1GB';
set search_path = public, extensions;
select setseed(0.42);

create schema bench;
grant usage on schema bench to widget_visitor;

-- Random unit-ish vectors: centres (per project) and two noise pools.
create table bench.centres as
select r as project_rank,
       (select array_agg((random() - 0.5)::real) from generate_series(1, 1536) where r > 0)::extensions.vector(1536) as v
from generate_series(1, 1000) r;
create table bench.noise as
select pool, i,
       (select array_agg(((random() - 0.5) * case pool when 1 then 0.9 else 0.6 end + 0 * d)::real)
        from generate_series(1, 1536) d where i > 0)::extensions.vector(1536) as v
from generate_series(1, 2) pool, generate_series(1, 1000) i;

-- Skewed sizes, summing to 100,000.
create table bench.projects as
with w as (
  select r, 1.0 / r as w from generate_series(1, 1000) r
), n as (
  select r, greatest(5, floor(100000 * w / sum(w) over ()))::int as n from w
)
select r as project_rank, gen_random_uuid() as project_id, gen_random_uuid() as org_id,
       gen_random_uuid() as conversation_id, gen_random_uuid() as document_id,
       n + case when r = 1 then 100000 - sum(n) over () else 0 end as n_chunks
from n;

insert into public.organizations (id, name) select org_id, 'Bench org ' || project_rank from bench.projects;
insert into public.projects (id, org_id, name, publishable_key, default_language, embedder_id)
select project_id, org_id, 'Bench ' || project_rank, 'pk_bench_' || project_rank, 'en', 'bench-1536'
from bench.projects;
insert into public.conversations (id, project_id, ip_hash, delete_token_hash, language)
select conversation_id, project_id, 'bench-ip-hash-0000', encode(sha256(conversation_id::text::bytea), 'hex'), 'en'
from bench.projects;
insert into public.documents (id, project_id, title, language, content_hash)
select document_id, project_id, 'Bench document', 'en', encode(sha256(document_id::text::bytea), 'hex')
from bench.projects;

insert into public.chunks (project_id, document_id, ordinal, content, embedding, embedder_id)
select p.project_id, p.document_id, g.i,
       'passage ' || g.i || ' about w' || (random() * 400)::int || ' w' || (random() * 400)::int
         || ' w' || (random() * 400)::int || ' and w' || (random() * 400)::int,
       c.v + n1.v + n2.v,
       'bench-1536'
from bench.projects p
join bench.centres c on c.project_rank = p.project_rank
cross join lateral generate_series(0, p.n_chunks - 1) g(i)
join bench.noise n1 on n1.pool = 1 and n1.i = 1 + (abs(hashint4((g.i * 7 + p.project_rank)::int)) % 1000)
join bench.noise n2 on n2.pool = 2 and n2.i = 1 + (abs(hashint4((g.i * 13 + p.project_rank * 3)::int)) % 1000);

-- Queries: 60 per measured tenant, the tenant's centre plus fresh noise pairs.
create table bench.queries as
select row_number() over () as id, p.project_rank, p.project_id,
       jsonb_build_object('role', 'widget_visitor', 'sub', p.conversation_id, 'project_id', p.project_id)::text as claims,
       (c.v + n1.v + n2.v)::text as qv,
       'w' || (random() * 400)::int || ' w' || (random() * 400)::int || ' question' as qt
from bench.projects p
join bench.centres c on c.project_rank = p.project_rank
cross join generate_series(1, 60) q
join bench.noise n1 on n1.pool = 1 and n1.i = 1 + (abs(hashint4((q * 101 + p.project_rank)::int)) % 1000)
join bench.noise n2 on n2.pool = 2 and n2.i = 1 + (abs(hashint4((q * 37 + 5)::int)) % 1000)
where p.project_rank in (1, 5, 30, 900);
grant select on bench.queries to widget_visitor;
