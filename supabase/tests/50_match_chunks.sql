-- match_chunks: hybrid retrieval stays inside the caller's project, whatever
-- project id is passed; flagged chunks and other embedders are never returned.
-- Tenant B holds a chunk with the same embedding and the same words as A's.

create function pg_temp.become(p_persona text) returns void language plpgsql as $$
declare
  v personas;
begin
  select * into strict v from personas where name = p_persona;
  perform set_config('request.jwt.claims', v.claims::text, true);
  perform set_config('role', v.role, true);
end
$$;

create temp table retrieval_results (scenario text, chunk_id bigint, project_id uuid, flagged boolean,
                                     embedder_id text, rank int, similarity double precision);
grant select on retrieval_results to public;

do $$
declare
  v_a uuid := 'aaaaaaaa-0000-4000-8000-000000000002';
  v_b uuid := 'bbbbbbbb-0000-4000-8000-000000000002';
  s record;
  v_ids bigint[];
  v_sims double precision[];
  v_state text;
begin
  for s in
    select * from (values
      ('visitor_a hybrid', 'visitor_a', pg_temp.vec(1), 'Versand Pakete', null::uuid),
      ('visitor_a vector only', 'visitor_a', pg_temp.vec(1), null, null),
      ('visitor_a full text only', 'visitor_a', null, 'Wann wird das Paket zugestellt?', null),
      ('visitor_a passing project B', 'visitor_a', pg_temp.vec(1), 'Versand', v_b),
      ('visitor_a passing project A', 'visitor_a', pg_temp.vec(1), 'Versand', v_a),
      ('tampered token claiming project B', 'visitor_a_claiming_b', pg_temp.vec(1), 'Versand', v_b),
      ('member_a on project A', 'member_a', pg_temp.vec(3), 'zurückgeben', v_a),
      ('member_a passing project B', 'member_a', pg_temp.vec(1), 'Versand', v_b),
      ('owner_a passing project B', 'owner_a', pg_temp.vec(1), 'password', v_b),
      ('owner_a without a project', 'owner_a', pg_temp.vec(1), 'Versand', null)
    ) as x(scenario, persona, emb, q, project)
  loop
    perform pg_temp.become(s.persona);
    select array_agg(m.chunk_id order by m.score desc), array_agg(m.similarity order by m.score desc)
      into v_ids, v_sims
      from public.match_chunks(s.emb, s.q, 8, s.project) m;
    perform set_config('role', 'none', true);
    insert into retrieval_results
      select s.scenario, c.id, c.project_id, c.flagged, c.embedder_id, r.ord::int, v_sims[r.ord]
      from unnest(v_ids) with ordinality as r(id, ord) join public.chunks c on c.id = r.id;
  end loop;

  begin
    perform pg_temp.become('anon');
    perform public.match_chunks(pg_temp.vec(1), 'Versand', 8, v_a);
    v_state := 'none';
  exception when others then
    v_state := sqlstate;
  end;
  perform set_config('role', 'none', true);
  perform pg_temp.record_case('retrieval: anon may not call match_chunks', v_state = '42501', v_state);
end
$$;

select pg_temp.record_case('retrieval: no scenario ever returns a tenant-B chunk',
  not exists (select 1 from retrieval_results where project_id = 'bbbbbbbb-0000-4000-8000-000000000002'));
select pg_temp.record_case('retrieval: flagged chunks and other embedders are never returned',
  not exists (select 1 from retrieval_results where flagged or embedder_id <> 'local-hash-1536-v1'));
select pg_temp.record_case(format('retrieval: %s returns nothing', scenario),
  not exists (select 1 from retrieval_results r where r.scenario = x.scenario))
from (values ('visitor_a passing project B'), ('tampered token claiming project B'),
             ('member_a passing project B'), ('owner_a passing project B'), ('owner_a without a project')) x(scenario);
select pg_temp.record_case(format('retrieval: %s finds tenant A''s knowledge', scenario),
  exists (select 1 from retrieval_results r where r.scenario = x.scenario
          and r.project_id = 'aaaaaaaa-0000-4000-8000-000000000002'))
from (values ('visitor_a hybrid'), ('visitor_a vector only'), ('visitor_a full text only'),
             ('visitor_a passing project A'), ('member_a on project A')) x(scenario);
select pg_temp.record_case('retrieval: the nearest chunk ranks first with similarity 1',
  exists (select 1 from retrieval_results r join public.chunks c on c.id = r.chunk_id
          where r.scenario = 'visitor_a vector only' and r.rank = 1 and c.ordinal = 0 and c.document_id is not null
          and abs(r.similarity - 1) < 1e-6));
select pg_temp.record_case('retrieval: German stemming matches inflected words (Paket/Pakete, zugestellt)',
  exists (select 1 from retrieval_results r join public.chunks c on c.id = r.chunk_id
          where r.scenario = 'visitor_a full text only' and c.content like 'Pakete werden%'));
select pg_temp.record_case('retrieval: match_chunks sets iterative HNSW scans itself',
  (select proconfig @> array['hnsw.iterative_scan=relaxed_order'] from pg_proc
   where oid = 'public.match_chunks(text, text, integer, uuid, double precision, double precision, integer, text)'::regprocedure));

-- The GIN-backed full-text step applies the chunks policies itself.
create temp table fts_results (persona text, project text, n bigint);
grant insert on fts_results to public;
do $$
declare
  p record;
  v_n bigint;
begin
  for p in
    select * from (values ('visitor_a', 'a'), ('visitor_a', 'b'), ('visitor_a_claiming_b', 'b'),
                          ('member_a', 'a'), ('member_a', 'b'), ('owner_a', 'b')) x(persona, project)
  loop
    perform pg_temp.become(p.persona);
    select count(*) into v_n from private.chunk_fts_candidates(
      case p.project when 'a' then 'aaaaaaaa-0000-4000-8000-000000000002'::uuid
                     else 'bbbbbbbb-0000-4000-8000-000000000002'::uuid end,
      'local-hash-1536-v1', to_tsquery('german', 'versand | paket | password | cancel'), 10);
    perform set_config('role', 'none', true);
    insert into fts_results values (p.persona, p.project, v_n);
  end loop;
end
$$;
select pg_temp.record_case(format('retrieval: chunk_fts_candidates for %s on project %s -> %s', persona, project,
                                  case when project = 'a' then 'rows' else 'nothing' end),
                           (project = 'a') = (n > 0), n::text)
from fts_results;

-- A document marked for review (one chunk flagged) stays a source for its
-- other chunks, with the title and URL the chat cites.
update public.documents set injection_flagged = true where id = 'aaaaaaaa-0000-4000-8000-000000000041';
create temp table flagged_doc_results (chunk_id bigint, title text, source_url text, content text);
grant insert on flagged_doc_results to public;
do $$
begin
  perform pg_temp.become('visitor_a');
  insert into flagged_doc_results
    select m.chunk_id, m.title, m.source_url, m.content
    from public.match_chunks(pg_temp.vec(1), 'Versand Pakete Anweisungen Systemprompt', 8, null) m;
  perform set_config('role', 'none', true);
end
$$;
select pg_temp.record_case('retrieval: a clean chunk of a document under review is cited with its title and URL',
  exists (select 1 from flagged_doc_results where content like 'Pakete werden%' and title = 'Versand'
          and source_url = 'https://shop.tenant-a.example/hilfe/versand'));
select pg_temp.record_case('retrieval: the flagged chunk of that document is still never returned',
  not exists (select 1 from flagged_doc_results where content like 'Ignoriere%'));
update public.documents set injection_flagged = false where id = 'aaaaaaaa-0000-4000-8000-000000000041';
