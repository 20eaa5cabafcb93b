-- Least privilege for security definer functions added with the widget's CORS
-- and rate-limit support. Supabase's default privileges grant EXECUTE on every
-- new function in public to anon, authenticated and service_role, so
-- `revoke … from public` alone leaves those grants in place. Each function is
-- left executable by exactly the roles its comment names.

revoke all on function public.origin_known(text) from public, anon, authenticated, service_role;
grant execute on function public.origin_known(text) to anon, widget_visitor;

revoke all on function public.visitor_origin_allowed(text) from public, anon, authenticated, service_role;
grant execute on function public.visitor_origin_allowed(text) to widget_visitor;

revoke all on function public.rate_limit_hit(text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function public.rate_limit_hit(text, integer, integer) to anon, widget_visitor;

revoke all on function public.purge_rate_limits() from public, anon, authenticated, service_role;
grant execute on function public.purge_rate_limits() to service_role;
