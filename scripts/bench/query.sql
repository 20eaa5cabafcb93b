\set q random(:first, :last)
begin;
select set_config('request.jwt.claims', (select claims from bench.queries where id = :q), true);
select set_config('role', 'widget_visitor', true);
select count(*) from public.match_chunks((select qv from bench.queries where id = :q), (select qt from bench.queries where id = :q), 8);
commit;
