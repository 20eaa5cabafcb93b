// The widget's own texts. Messages that the server sends (the disclosure, a
// blocked-input refusal) come in the language the widget asks for.

const en = {
  open: 'Open chat',
  close: 'Close chat',
  title: 'Chat',
  log: 'Conversation',
  welcome: 'Hello! I am an AI assistant, not a human. How can I help?',
  you: 'You: ',
  bot: 'Assistant: ',
  label: 'Your message',
  placeholder: 'Type your question…',
  send: 'Send',
  ai: 'You are chatting with an AI system.',
  hint: 'Please do not share sensitive personal data.',
  privacy: 'Privacy notice',
  del: 'Delete my chat',
  dl: 'Download my data',
  confirm: 'Delete this conversation permanently?',
  yes: 'Delete',
  no: 'Cancel',
  deleted: 'Deleted {n} messages on {t}. Keep this signed receipt as proof:',
  receipt: 'Deletion receipt',
  copy: 'Copy',
  copied: 'Copied',
  code: 'Your deletion code (to delete or download this chat later)',
  none: 'Nothing is stored yet.',
  sources: 'Sources',
  via: 'Answered by {m}',
  kb: 'Answer taken from the knowledge base',
  offline: 'You are offline. Please try again when you are back online.',
  rate_limited: 'Too many messages. Please wait a moment and try again.',
  wait: '(about {s} s)',
  blocked_input: 'This message cannot be answered. Please rephrase your question.',
  provider_unavailable: 'The assistant is unavailable right now. Please try again later.',
  unavailable: 'The chat is not available on this website.',
  interrupted: 'The answer was interrupted. Please ask again.',
  failed: 'Something went wrong. Please try again.',
  paused: 'The chat is paused because this page hides its AI notice.',
};

export type Strings = typeof en;

const de: Strings = {
  open: 'Chat öffnen',
  close: 'Chat schließen',
  title: 'Chat',
  log: 'Unterhaltung',
  welcome: 'Hallo! Ich bin ein KI-Assistent, kein Mensch. Wie kann ich helfen?',
  you: 'Sie: ',
  bot: 'Assistent: ',
  label: 'Ihre Nachricht',
  placeholder: 'Ihre Frage…',
  send: 'Senden',
  ai: 'Sie chatten mit einem KI-System.',
  hint: 'Bitte teilen Sie keine sensiblen persönlichen Daten.',
  privacy: 'Datenschutzhinweis',
  del: 'Meinen Chat löschen',
  dl: 'Meine Daten herunterladen',
  confirm: 'Diese Unterhaltung endgültig löschen?',
  yes: 'Löschen',
  no: 'Abbrechen',
  deleted: '{n} Nachrichten am {t} gelöscht. Bewahren Sie diese signierte Quittung als Nachweis auf:',
  receipt: 'Löschquittung',
  copy: 'Kopieren',
  copied: 'Kopiert',
  code: 'Ihr Löschcode (zum späteren Löschen oder Herunterladen)',
  none: 'Es ist noch nichts gespeichert.',
  sources: 'Quellen',
  via: 'Beantwortet von {m}',
  kb: 'Antwort aus der Wissensdatenbank',
  offline: 'Sie sind offline. Bitte versuchen Sie es erneut, sobald Sie online sind.',
  rate_limited: 'Zu viele Nachrichten. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
  wait: '(etwa {s} s)',
  blocked_input: 'Auf diese Nachricht kann ich nicht antworten. Bitte formulieren Sie Ihre Frage anders.',
  provider_unavailable: 'Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
  unavailable: 'Der Chat ist auf dieser Website nicht verfügbar.',
  interrupted: 'Die Antwort wurde unterbrochen. Bitte fragen Sie noch einmal.',
  failed: 'Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.',
  paused: 'Der Chat ist pausiert, weil diese Seite seinen KI-Hinweis verdeckt.',
};

export type Lang = 'de' | 'en';

/** German for any `de…` tag, English otherwise. */
export const pickLang = (tag: string | null | undefined): Lang => (/^de\b/i.test(tag ?? '') ? 'de' : 'en');

export const strings = (lang: Lang): Strings => (lang === 'de' ? de : en);

/** Fills `{name}` placeholders. */
export const fill = (s: string, vars: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
