-- Local demo data: two fictional companies, each with one owner and one
-- project. Run after the migrations on every `scripts/db.sh start`, so every
-- statement is idempotent (fixed ids, `on conflict do nothing`).
-- Never run against a hosted project.
--
--   pk_demo_acme    Acme Haushaltswaren GmbH, German-language shop
--   pk_demo_globex  Globex Cloud Ltd, English-language SaaS
-- Allowed origins: the local gateway of `make dev` (port 8787) and of `make test`
-- (port 8797), whose demo page embeds the widget.

insert into auth.users (id, email) values
  ('a0000000-0000-4000-8000-0000000000a1', 'owner@acme-haushaltswaren.example'),
  ('b0000000-0000-4000-8000-0000000000b1', 'owner@globex-cloud.example')
on conflict (id) do nothing;

insert into public.organizations (id, name) values
  ('a0000000-0000-4000-8000-00000000a000', 'Acme Haushaltswaren GmbH'),
  ('b0000000-0000-4000-8000-00000000b000', 'Globex Cloud Ltd')
on conflict (id) do nothing;

insert into public.org_members (org_id, user_id, role) values
  ('a0000000-0000-4000-8000-00000000a000', 'a0000000-0000-4000-8000-0000000000a1', 'owner'),
  ('b0000000-0000-4000-8000-00000000b000', 'b0000000-0000-4000-8000-0000000000b1', 'owner')
on conflict (org_id, user_id) do nothing;

insert into public.projects (id, org_id, name, publishable_key, allowed_origins, default_language,
                             retention_days, provider_policy, embedder_id) values
  ('a0000000-0000-4000-8000-00000000a0a0', 'a0000000-0000-4000-8000-00000000a000',
   'Kundenservice', 'pk_demo_acme', array['http://127.0.0.1:8787', 'http://localhost:8787', 'http://127.0.0.1:8797', 'http://localhost:8797'],
   'de', 30, 'eu_only', 'local-hash-1536-v1'),
  ('b0000000-0000-4000-8000-00000000b0b0', 'b0000000-0000-4000-8000-00000000b000',
   'Help Center', 'pk_demo_globex', array['http://127.0.0.1:8787', 'http://localhost:8787', 'http://127.0.0.1:8797', 'http://localhost:8797'],
   'en', 30, 'any', 'local-hash-1536-v1')
-- Re-running the seed brings the demo projects' settings up to date.
on conflict (id) do update set allowed_origins = excluded.allowed_origins, embedder_id = excluded.embedder_id;
