-- A document with one chunk flagged as a suspected injection stays a source
-- for its other chunks. The visitor policy on documents used to hide every
-- document with `injection_flagged` set, so match_chunks() still returned
-- the document's clean chunks (chunks have their own `not flagged` policy)
-- but without the title and URL the chat cites them by. The flag on the
-- document only says "has chunks to review"; the chunk flag is what keeps
-- text away from the model. (A Q&A pair is a single chunk, flagged with the
-- pair: its policy stays as it is.)

drop policy documents_select_visitor on public.documents;
create policy documents_select_visitor on public.documents
  for select to widget_visitor
  using (project_id = (select public.visitor_project_id()) and status = 'ready');
