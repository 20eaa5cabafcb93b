// The separate define step: importing element.ts registers nothing.
import { MignutiChat } from './element';

/** Registers <mignuti-chat> (or `tag`) once; returns the class. */
export function define(tag = 'mignuti-chat'): typeof MignutiChat {
  if (!customElements.get(tag)) customElements.define(tag, MignutiChat);
  return MignutiChat;
}

export { MignutiChat };
