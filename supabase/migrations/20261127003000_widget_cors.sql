-- CORS answers for the widget, which calls the edge from customers' sites.
--
-- A preflight request carries no body and no credentials, so it cannot name
-- a project: origin_known() lets it pass for an origin that some project
-- allows, and the real request is then checked against its own project
-- (create_conversation for a session, visitor_origin_allowed for chat). An
-- origin no project allows gets no CORS headers at all.

create or replace function public.origin_known(p_origin text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.projects p
    where public.origin_allowed(p_origin, p.allowed_origins)
  )
$$;
comment on function public.origin_known(text) is
  'Whether any project allows this Origin (CORS preflight). Callers: anon (session), widget_visitor (chat).';

-- visitor_origin_allowed: whether the Origin of a chat request is allowed by
-- the project of the caller's session token.
create or replace function public.visitor_origin_allowed(p_origin text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((
    select public.origin_allowed(p_origin, p.allowed_origins)
    from public.projects p
    where p.id = public.visitor_project_id()
  ), false)
$$;
comment on function public.visitor_origin_allowed(text) is
  'Whether the session token''s project allows this Origin. Caller: widget_visitor (chat).';

revoke all on function public.origin_known(text), public.visitor_origin_allowed(text) from public;
grant execute on function public.origin_known(text) to anon, widget_visitor;
grant execute on function public.visitor_origin_allowed(text) to widget_visitor;
