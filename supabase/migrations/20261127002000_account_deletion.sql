-- Account deletion after the 30-day cooling-off (deletion_requests), run by
-- the export function's scheduled job as service_role.
--
-- account_deletion_step() does one bounded unit of work per call and commits
-- with the caller's transaction, so an organization of any size is purged in
-- many short transactions, and a run interrupted at any point (worker
-- evicted, connection dropped, database restarted) leaves a consistent state
-- that the next run continues from:
--   1. messages of the organization's projects, at most p_batch per call;
--   2. chunks (embeddings) of its knowledge, at most p_batch per call;
--   3. the organization row itself, whose ON DELETE CASCADE keys remove the
--      rest (members, projects, conversations, documents, Q&A pairs, exports,
--      erasure receipts, project secrets and the request), together with the
--      compliance audit entry "account.deletion_executed" in the same
--      transaction, so the entry exists exactly once and only if the purge
--      completed.
-- The request row is the job's only state and disappears in step 3, so a
-- repeated run finds nothing to do (idempotent). Audit entries are not tenant
-- data that this removes: they carry no content and expire by category
-- (operational 2 years, compliance 7 years) through audit_apply_retention().
-- Concurrent runs skip a request another run holds (FOR UPDATE SKIP LOCKED).

create or replace function public.account_deletion_step(p_batch integer default 2000)
returns table (request_id uuid, org_id uuid, phase text, deleted bigint, finished boolean)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_req public.deletion_requests;
  v_batch integer := greatest(1, least(coalesce(p_batch, 2000), 50000));
  v_counts jsonb;
begin
  if current_setting('role') not in ('service_role', 'none') then
    raise exception 'not_authorized' using errcode = '42501';
  end if;

  select * into v_req from public.deletion_requests d
   where d.cancelled_at is null and d.executed_at is null and d.execute_after <= now()
   order by d.execute_after, d.id
   limit 1
   for update skip locked;
  if not found then
    return;
  end if;
  request_id := v_req.id;
  org_id := v_req.org_id;
  finished := false;

  phase := 'messages';
  delete from public.messages m
   where m.id in (select m2.id from public.messages m2
                   where m2.project_id in (select p.id from public.projects p where p.org_id = v_req.org_id)
                   limit v_batch);
  get diagnostics deleted = row_count;
  if deleted > 0 then
    return next;
    return;
  end if;

  phase := 'chunks';
  delete from public.chunks c
   where c.id in (select c2.id from public.chunks c2
                   where c2.project_id in (select p.id from public.projects p where p.org_id = v_req.org_id)
                   limit v_batch);
  get diagnostics deleted = row_count;
  if deleted > 0 then
    return next;
    return;
  end if;

  phase := 'organization';
  select jsonb_build_object(
           'request_id', v_req.id,
           'requested_at', v_req.requested_at,
           'requested_by', v_req.requested_by,
           'execute_after', v_req.execute_after,
           'projects', (select count(*) from public.projects p where p.org_id = v_req.org_id),
           'conversations', (select count(*) from public.conversations c
                              where c.project_id in (select p.id from public.projects p where p.org_id = v_req.org_id)),
           'documents', (select count(*) from public.documents d
                          where d.project_id in (select p.id from public.projects p where p.org_id = v_req.org_id)),
           'qa_pairs', (select count(*) from public.qa_pairs q
                         where q.project_id in (select p.id from public.projects p where p.org_id = v_req.org_id)),
           'members', (select count(*) from public.org_members om where om.org_id = v_req.org_id))
    into v_counts;
  perform public.audit_append('account.deletion_executed', 'compliance', 'organization', v_req.org_id::text,
                              v_counts, null, null, v_req.org_id);
  delete from public.organizations o where o.id = v_req.org_id;
  deleted := 1;
  finished := true;
  return next;
end
$$;
comment on function public.account_deletion_step(integer) is
  'One bounded, crash-safe step of purging an organization whose deletion request is due; audited at completion. Caller: service_role (scheduled).';

revoke all on function public.account_deletion_step(integer) from public, anon, authenticated, service_role;
grant execute on function public.account_deletion_step(integer) to service_role;
