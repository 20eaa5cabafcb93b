-- Indexes for the streamed organization export: each section is read per
-- project in pages of `id > last id order by id`, which these make a short
-- index range scan instead of a sort of the whole project per page.

create index if not exists messages_project_id_id_idx on public.messages (project_id, id);
create index if not exists conversations_project_id_id_idx on public.conversations (project_id, id);
create index if not exists qa_pairs_project_id_id_idx on public.qa_pairs (project_id, id);
