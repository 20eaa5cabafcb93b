-- Fixed-window rate-limit counters: the fallback of the edge functions when
-- the Workers rate-limiting binding is not available (wrangler dev runs it
-- only for the first worker of a multi-worker session). Buckets are keyed by
-- hashes (client-IP hash, conversation id), never by raw addresses, and rows
-- live for minutes: purge_rate_limits() drops windows older than an hour.

create table public.rate_limits (
  bucket text not null check (length(bucket) between 1 and 200),
  window_start timestamptz not null,
  hits integer not null default 0 check (hits >= 0),
  primary key (bucket, window_start)
);
comment on table public.rate_limits is 'Rate-limit counters per hashed key and window; no personal data.';
create index rate_limits_window_start_idx on public.rate_limits (window_start);
alter table public.rate_limits enable row level security;

-- Only the definer function below writes; operators may look.
create policy rate_limits_select_service on public.rate_limits
  for select to service_role
  using (true);

revoke all on public.rate_limits from anon, authenticated, service_role;
grant select on public.rate_limits to service_role;

-- rate_limit_hit: counts one request in the current window of p_period_secs
-- seconds for p_bucket; true while the count is within p_limit.
create or replace function public.rate_limit_hit(p_bucket text, p_limit integer, p_period_secs integer)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_window timestamptz;
  v_hits integer;
begin
  if p_bucket is null or length(p_bucket) not between 1 and 200
     or p_limit is null or p_limit < 1 or p_period_secs is null or p_period_secs not between 1 and 3600 then
    raise exception 'malformed rate limit' using errcode = '22023';
  end if;
  v_window := to_timestamp(floor(extract(epoch from clock_timestamp()) / p_period_secs) * p_period_secs);
  insert into public.rate_limits as r (bucket, window_start, hits)
  values (p_bucket, v_window, 1)
  on conflict (bucket, window_start) do update set hits = r.hits + 1
  returning r.hits into v_hits;
  return v_hits <= p_limit;
end
$$;
comment on function public.rate_limit_hit(text, integer, integer) is
  'Counts a request for a hashed key; false when over the limit. Callers: anon, widget_visitor (edge functions).';

create or replace function public.purge_rate_limits()
returns integer
language sql
volatile
security definer
set search_path = ''
as $$
  with gone as (
    delete from public.rate_limits where window_start < now() - interval '1 hour' returning 1
  )
  select count(*)::integer from gone
$$;
comment on function public.purge_rate_limits() is 'Drops rate-limit windows older than an hour. Caller: service_role (scheduled).';

revoke all on function public.rate_limit_hit(text, integer, integer), public.purge_rate_limits() from public;
grant execute on function public.rate_limit_hit(text, integer, integer) to anon, widget_visitor;
grant execute on function public.purge_rate_limits() to service_role;
