-- recall@10 of match_chunks (vector part, as the widget visitor, through RLS and
-- the HNSW index) against exact search within the tenant (no index), per tenant.
\set ON_ERROR_STOP on
create temp table recall (project_rank int, n_chunks int, recall double precision);
do $$
declare
  q record;
  v_got bigint[];
  v_exact bigint[];
begin
  for q in select b.*, p.n_chunks from bench.queries b join bench.projects p using (project_rank) order by b.id loop
    perform set_config('request.jwt.claims', q.claims, true);
    perform set_config('role', 'widget_visitor', true);
    select array_agg(m.chunk_id) into v_got from public.match_chunks(q.qv, null, 10) m;
    perform set_config('role', 'none', true);
    perform set_config('enable_indexscan', 'off', true);
    perform set_config('enable_seqscan', 'off', true);
    select array_agg(id) into v_exact from (
      select c.id from public.chunks c
      where c.project_id = q.project_id and c.embedder_id = 'bench-1536' and not c.flagged
      order by c.embedding operator(extensions.<=>) q.qv::extensions.vector limit 10) e;
    perform set_config('enable_indexscan', 'on', true);
    perform set_config('enable_seqscan', 'on', true);
    insert into recall values (q.project_rank, q.n_chunks,
      (select count(*) from unnest(v_got) g where g = any (v_exact))::double precision / cardinality(v_exact));
  end loop;
end
$$;
select project_rank, n_chunks, count(*) as queries, round(avg(recall)::numeric, 3) as recall_at_10,
       round(min(recall)::numeric, 2) as worst
from recall group by 1, 2 order by 1;
