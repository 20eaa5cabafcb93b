// Entry of public/widget.js, the one script a customer embeds:
//
//   <script src="https://EDGE/widget.js" data-project="pk_…" async></script>
//
// defines <mignuti-chat> and, when the script tag names a project, adds one
// to the page with the tag's data-* settings. The API is the origin the
// script came from unless data-api says otherwise.
import { define } from './define';

const script = document.currentScript as HTMLScriptElement | null;
const Chat = define();
if (script?.src) Chat.defaultApi = new URL(script.src).origin;

const project = script?.dataset.project;
if (project) {
  const el = document.createElement('mignuti-chat');
  for (const name of Chat.observedAttributes) {
    const value = script!.getAttribute(`data-${name}`);
    if (value != null) el.setAttribute(name, value);
  }
  const add = () => document.body.append(el);
  if (document.body) add();
  else document.addEventListener('DOMContentLoaded', add, { once: true });
}
