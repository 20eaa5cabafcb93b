//! Hand-written injection rules over the detection form of the text.
//!
//! Rules are written in a tiny pattern language instead of regular
//! expressions: the `regex` crate would add a noticeable amount of wasm and a
//! cold-start compile, and what the rules need is only "these words, in this
//! order, with at most N words in between".
//!
//! Pattern syntax (tokens are the alphanumeric words of
//! [`crate::normalize::for_detection`]):
//! - slots separated by spaces; a slot lists alternatives with `|`;
//! - `word` matches exactly, `word*` matches a prefix, `*word` a suffix;
//! - `~N` between two slots allows up to N arbitrary words in between.
//!
//! A rule is *strong* when it blocks on its own, *weak* when it only raises
//! the learned score (the phrase is suspicious but also occurs in ordinary
//! support questions, e.g. "answer only in German").

use super::Category;
use super::index::{Affix, WordIndex};

/// One rule as written in the table.
pub(crate) struct RuleDef {
    pub id: &'static str,
    pub category: Category,
    pub strong: bool,
    pub pattern: &'static str,
}

/// Substring rules for forged chat-template and role tags. They run on the
/// detection form with all whitespace removed, so "< system >" and
/// "<|im_start|>" are both caught.
pub(crate) struct TagDef {
    pub id: &'static str,
    pub category: Category,
    pub needles: &'static [&'static str],
}

use Category::*;

const fn strong(id: &'static str, category: Category, pattern: &'static str) -> RuleDef {
    RuleDef {
        id,
        category,
        strong: true,
        pattern,
    }
}

const fn weak(id: &'static str, category: Category, pattern: &'static str) -> RuleDef {
    RuleDef {
        id,
        category,
        strong: false,
        pattern,
    }
}

// Word classes reused across languages. Kept as consts so the table stays
// readable; `concat!` is not usable with consts, hence the repetition in a
// few patterns below.
pub(crate) const RULES: &[RuleDef] = &[
    // ---- Instruction override -------------------------------------------
    strong(
        "override.ignore_previous",
        InstructionOverride,
        "ignor*|disregard*|forget|forgot|vergiss|vergesse|vergessen|missachte*|überschreib*|override|bypass|skip|discard|drop|abandon|neglect|olvida*|ignora*|oublie*|dimentica*|ignorez|ignorer \
         ~4 previous|prior|above|earlier|preceding|foregoing|former|original|old|all|any|every|your|vorherig*|bisherig*|obig*|vorangegangen*|vorausgegangen*|früher*|alle*|deine*|ihre|sämtlich*|anterior*|précédent*|precedent*|precedenti|previe|tutte|todas|toutes|tus|tes|vos|les|las|le \
         ~3 instruction*|prompt*|rule*|direction*|directive*|guideline*|task*|assignment*|command*|constraint*|restriction*|context|programming|anweisung*|instruktion*|regel*|vorgabe*|befehl*|aufgabe*|richtlinie*|anordnung*|einschränkung*|instrucci*|indicaci*|reglas|normas|consigne*|règles|regles|istruzioni|regole|indicazioni",
    ),
    strong(
        "override.previous_then_ignore",
        InstructionOverride,
        "vorherig*|bisherig*|obig*|vorangegangen*|vorausgegangen*|alle|sämtliche|previous|prior|above \
         ~2 anweisung*|instruktion*|regel*|vorgabe*|befehl*|aufgaben|richtlinie*|instructions|rules|prompts \
         ~3 ignorier*|vergessen|vergiss|missacht*|verwerfen|überschreiben|beiseite|hinter|ignored|forgotten|disregarded",
    ),
    strong(
        "override.forget_everything",
        InstructionOverride,
        "forget|vergiss|vergessen|ignore|ignoriere|disregard|olvida|oublie|dimentica|ignora \
         ~1 everything|all|alles|anything|todo|tout|tutto \
         ~2 before|above|previously|prior|davor|zuvor|vorher|bisher|bisherige|gesagte|said|discussed|told|earlier|oben|antes|avant|prima",
    ),
    strong(
        "override.new_instructions_follow",
        InstructionOverride,
        "new|neue|nuevas|nouvelles|nuove|further|weitere|following|folgende \
         instruction*|task*|anweisung*|aufgaben|instruktion*|befehle|instrucciones|consignes|istruzioni|orders \
         ~1 follow*|folgen|kommen|siguen|suivent|seguono",
    ),
    strong(
        "override.your_new_task",
        InstructionOverride,
        "your|deine|dein|ihre|tu|tua \
         new|neue|neuer|nueva|nouvelle|nuova \
         task|instruction*|assignment|mission|aufgabe|anweisung*|rolle|role|tarea|tâche|compito|instrucción",
    ),
    strong(
        "override.leave_behind",
        InstructionOverride,
        "leave|lass|put|set|remove|lösche|clear|entferne \
         ~3 previous|prior|vorherig*|bisherig*|all \
         ~2 instructions|tasks|information|anweisungen|aufgaben|informationen \
         ~3 behind|aside|beiseite|hinter|zurück|out",
    ),
    strong(
        "override.no_longer_bound",
        InstructionOverride,
        "you|du|sie|tu \
         ~3 no|not|nicht|kein|keine \
         ~1 longer|mehr|länger \
         ~2 bound|restricted|limited|gebunden|beschränkt|eingeschränkt|obliged|verpflichtet",
    ),
    strong(
        "override.ignore_everything",
        InstructionOverride,
        "ignor*|disregard*|forget|vergiss|missachte|olvida|oublie|dimentica \
         ~2 alles|everything|above|oben|obige|obigen|tout|todo|tutto",
    ),
    strong(
        "override.previous_void",
        InstructionOverride,
        "vorherig*|bisherig*|vorangegangen*|obigen|alle|previous|prior|above|earlier|précédentes|anteriores|precedenti \
         ~1 anweisungen|instruktionen|regeln|vorgaben|gesagte|instructions|rules|consignes|instrucciones|istruzioni \
         ~4 ungültig|hinfällig|aufgehoben|nichtig|invalid|void|obsolete|cancelled|canceled|null|kraft|annulées|anuladas|annullate",
    ),
    strong(
        "override.forget_your_role",
        InstructionOverride,
        "forget|vergiss|ignore|ignoriere|leave|verlasse|drop|abandon|abandonne|olvida|oublie|dimentica|lass \
         ~2 your|deine|deinen|ton|ta|tu|tua|il \
         ~1 role|rolle|persona|character|programming|programmierung|identity|identität|rôle|papel|ruolo|programmation|programación|programmazione",
    ),
    strong(
        "role.assistant_without_rules",
        RoleHijack,
        "assistant|assistent|assistenten|asistente|assistente|ai|ki|ia|chatbot|bot|modell|model|version \
         ~2 without|ohne|sin|sans|senza|no|keine|kein \
         ~2 restriction*|einschränkung*|beschränkung*|filter|filters|filtern|restricci*|restrizion*|regeln|rules|reglas|regole|règles|zensur|censorship|limits|limites|límites|limiti|richtlinien|guidelines|moral|morals|ethics|ethik|ethische*|jegliche",
    ),
    strong(
        "role.pretend_no_rules",
        RoleHijack,
        "pretend|tu|fais|fai|finge|fingi|stell|imagine|imagina|immagina|act|handle|verhalte|behave \
         ~4 no|keine|ohne|aucune|aucun|ninguna|ningún|nessuna|nessun|without|sin|sans|senza|kein \
         ~3 rules|regeln|règle*|regla*|regol*|richtlinie*|guideline*|restriction*|einschränkung*|filter*|moral*|ethi*|limits|grenzen|restricci*|restrizion*|zensur|censorship",
    ),
    strong(
        "role.dev_mode_romance",
        RoleHijack,
        "mode|modo|modalità \
         développeur|desarrollador|sviluppatore|développement|programador|dios|dieu \
         ~2 activé|activado|attivata|attivato|activo|actif|attiva|activa|active",
    ),
    strong(
        "role.uncensored",
        RoleHijack,
        "ohne|without|sin|sans|senza|no|keine \
         zensur|censorship|censura|censure|censor",
    ),
    strong(
        "role.disable_your_filters",
        RoleHijack,
        "disable|deaktiviere|deaktivier|désactive|desactiva|disattiva|turn|schalte|umgehe|bypass|remove|entferne|ignore|ignoriere \
         ~2 your|deine|deinen|tes|tus|tuoi|i|vos|tous \
         ~2 filter|filters|filtres|filtros|filtri|guardrails|safety|sicherheitsfilter|sicherheitsregeln|restrictions|einschränkungen|restricciones|restrizioni|richtlinien|guidelines|inhaltsfilter|schutzmechanismen",
    ),
    strong(
        "extract.system_compound",
        PromptExtraction,
        "systemprompt|systemprompts|systemanweisung|systemanweisungen|systeminstruktion|systeminstruktionen|systemvorgaben|promptanweisungen",
    ),
    strong(
        "extract.your_prompt_de",
        PromptExtraction,
        "dein|deinen|deines|deine|deinem|ton|tu|tuo|il \
         ~2 prompt|prompts|prompttext|prompttexte|anfangsprompt|startprompt",
    ),
    strong(
        "extract.in_your_prompt",
        PromptExtraction,
        "in|from|of|inside|within|im|in|aus|von|dans|de|en|nel|del \
         your|deinem|deinen|deiner|ton|tu|tuo \
         prompt|prompts|systemprompt|instructions|anweisungen|consignes|instrucciones|istruzioni",
    ),
    strong(
        "extract.which_instructions_given",
        PromptExtraction,
        "what|which|welche|welchen|was|quelles|quels|qué|cuáles|quali \
         ~1 instructions|anweisungen|instruktionen|rules|regeln|vorgaben|texte|consignes|instrucciones|istruzioni|prompts|directives \
         ~4 you|du|dir|tu|te|ti|vous \
         ~4 given|gegeben|bekommen|erhalten|received|got|mitgegeben|told|gesagt|reçu|recibido|ricevuto|données|dado|date",
    ),
    strong(
        "authority.as_your_admin",
        FakeAuthority,
        "as|als|am|bin|m|soy|sono|suis|comme|como|come \
         your|dein|deine|ihr|ton|tu|tuo \
         ~1 developer|entwickler|administrator|admin|creator|ersteller|programmierer|programmer|betreiber|owner|schöpfer|operator|maker|développeur|desarrollador|sviluppatore|créateur|creador|creatore",
    ),
    weak(
        "override.stop_now",
        InstructionOverride,
        "stop|stopp|halt|attention|achtung \
         ~6 ignore|ignoriere|forget|vergiss|now|jetzt|new|neue",
    ),
    weak(
        "override.instead",
        InstructionOverride,
        "ignore|ignoriere|disregard|forget|vergiss \
         ~6 instead|stattdessen|sondern|now|jetzt|nun",
    ),
    // ---- Role / persona hijack ------------------------------------------
    strong(
        "role.dan",
        RoleHijack,
        "do|mach \
         anything|alles \
         now|jetzt",
    ),
    strong(
        "role.dan_name",
        RoleHijack,
        "you|du|act|als|called|named|play|spiele \
         ~3 dan|stan|dude|aim|mongo|jailbreak|jailbroken \
         ~6 anything|unrestricted|no|without|ohne|keine|mode|modus|never|ignore|restrictions|filter*",
    ),
    strong(
        "role.jailbreak",
        RoleHijack,
        "jailbreak|jailbroken|jailbreaking|jailbroke \
         ~3 mode|modus|you|du|ai|ki|chatgpt|gpt|assistant|model|prompt|enabled|aktiviert|activated",
    ),
    strong(
        "role.unrestricted_mode",
        RoleHijack,
        "god|unrestricted|unfiltered|uncensored|unzensiert*|uneingeschränkt*|unbeschränkt*|ungefiltert*|evil|chaos|opposite|anarchy|superuser|jailbreak|dan \
         mode|modus|modo \
         ~3 enabled|activated|aktiviert|aktivieren|aktiviere|engaged|active|aktiv|activado|activé|attivata|attivato|output|response|antwort",
    ),
    strong(
        "role.developer_mode_output",
        RoleHijack,
        "developer|entwickler|dev \
         mode|modus \
         ~1 output|outputs|response|responses|antwort|antworten|ausgabe|enabled|activated|aktiviert",
    ),
    strong(
        "role.enter_unrestricted_mode",
        RoleHijack,
        "enter|activate|enable|switch|aktiviere|aktivier|wechsle|starte|schalte|activa|active|attiva|now|jetzt|nun \
         ~3 developermode|entwicklermodus|godmode|gottmodus|jailbreakmodus|jailbreakmode|dan|unrestricted|uncensored|unzensierten|uneingeschränkten|unfiltered|evil \
         ~1 mode|modus|modo|persona|personality",
    ),
    strong(
        "role.you_are_in_mode",
        RoleHijack,
        "you|du|sie \
         are|bist|sind|re \
         ~2 in|im|into \
         ~1 developer|entwickler|entwicklermodus|god|unrestricted|jailbreak|dan|root \
         ~1 mode|modus",
    ),
    strong(
        "role.you_are_now",
        RoleHijack,
        "you|du|sie|tu|tú|ora \
         are|re|bist|sind|es|eres|sei \
         now|jetzt|nun|ab|from|maintenant|ahora|ora|adesso \
         ~1 a|an|ein|eine|einer|called|named|un|une|uno|una|no|not|kein|keine|unrestricted|free|frei|evil|böse*|dan|gpt",
    ),
    strong(
        "role.now_you_are",
        RoleHijack,
        "now|jetzt|nun|ahora|maintenant|ora|adesso \
         you|bist|tu|sei|eres \
         are|re|du|es|sei|eres \
         ~1 unrestricted|free|frei|evil|böse*|dan|not|no|nicht|kein|keine|ein|eine|a|an|un|una|une|uno",
    ),
    strong(
        "role.no_restrictions",
        RoleHijack,
        "without|ohne|keine|keinerlei|sin|sans|senza|beyond|jenseits|ignoring|bypass|umgehe*|brich|break \
         ~3 restriction*|filter*|censorship|zensur|ethic*|moral*|guideline*|guardrail*|safeguard*|einschränkung*|beschränkung*|restricci*|restrictions|filtres|restrizioni \
         ~6 answer|respond|reply|antwort*|antworte*|ai|ki|assistant|assistent|model|modell|chatbot|bot|respond*|réponds|rispondi",
    ),
    strong(
        "role.unrestricted_ai",
        RoleHijack,
        "unrestricted|unfiltered|uncensored|unzensiert*|uneingeschränkt*|ungefiltert*|unbeschränkt*|evil|böse*|unethical|unethisch* \
         ~1 ai|ki|assistant|assistent*|chatbot|bot|model|modell|persona|character|charakter|gpt|chatgpt|llm",
    ),
    weak(
        "role.act_as",
        RoleHijack,
        "act|acting|behave|fungier*|agiere|agisci|actúa|actua|comporte \
         ~2 as|als|like|wie|come|como|comme",
    ),
    weak(
        "role.pretend",
        RoleHijack,
        "pretend|imagine|roleplay|simulate|simuliere|stell|tu|gib|imagina|imagine|immagina|fais|fai|finge|fingi \
         ~3 you|du|dich|dir|are|bist|be|sei|seist|wärst|so|eres|sei|sois",
    ),
    weak(
        "role.stay_in_character",
        RoleHijack,
        "stay|remain|bleib*|never|nie|niemals|do|don \
         ~3 character|role|rolle|roles|rollen|figur|charakter",
    ),
    // ---- System-prompt extraction ---------------------------------------
    strong(
        "extract.system_prompt",
        PromptExtraction,
        "system|systemprompt|systemprompts|systemanweisung*|initial|initialen|hidden|secret|geheim*|versteckt*|verborgen*|internal|interne*|interner|ursprünglich*|pre|meta \
         ~1 prompt|prompts|prompttext*|instruction|instructions|anweisung|anweisungen|instruktion*",
    ),
    strong(
        "extract.show_your_instructions",
        PromptExtraction,
        "show|reveal|print|repeat|output|display|tell|give|write|list|leak|dump|share|translate|spell|recite|paste|copy|summari*|zeig*|gib|nenne|nenn|wiederhol*|verrat*|schreib*|ausgeben|gebe|druck*|übersetz*|kopier*|teile|liste|fasse|muestra|revela|repite|dime|escribe|traduce|montre|révèle|revele|répète|repete|affiche|écris|traduis|dis|mostra|mostrami|rivela|ripeti|scrivi|traduci|dimmi \
         ~5 your|deine|deinen|dein|ihre|ihren|tus|tes|vos|tue|tuoi \
         ~2 instructions|instruction|prompt|prompts|prompttexte|prompttexts|anweisungen|anweisung|instruktionen|vorgaben|directives|initialisierung|programming|programmierung|instrucciones|consignes|istruzioni|systemprompt",
    ),
    strong(
        "extract.prompt_text",
        PromptExtraction,
        "prompt|prompts \
         text|texts|texte|texten|inhalt|content|contents",
    ),
    strong(
        "extract.prompttexte",
        PromptExtraction,
        "prompttext|prompttexte|prompttexts|prompttexten|promptinhalt",
    ),
    strong(
        "extract.text_above",
        PromptExtraction,
        "repeat|print|output|display|copy|wiederhol*|kopier*|recite \
         ~4 text|words|everything|alles|all|sentences|sätze|wörter|lines|zeilen|inhalt|content \
         ~3 above|oben|oberhalb|before|davor|preceding|prior|earlier|vorangegangen*|vorhergehend*|zuvor|beginning|anfang|start|top|dessus|arriba|sopra",
    ),
    weak(
        "extract.text_above_question",
        PromptExtraction,
        "what|was|wie|tell|sag*|show|zeig*|gib|schreib* \
         ~4 text|words|everything|alles|sentences|sätze|written|geschrieben|stand|steht|stands \
         ~3 above|oben|before|davor|preceding|prior|earlier|zuvor|beginning|anfang",
    ),
    strong(
        "extract.beginning_of_prompt",
        PromptExtraction,
        "beginning|anfang|start|top|beginn|begin|first|erste*|ersten \
         ~3 prompt|prompts|context|kontext|systemprompt",
    ),
    strong(
        "extract.verbatim",
        PromptExtraction,
        "repeat|wiederhol*|print|output|copy|recite|gib|schreib* \
         ~4 verbatim|wörtlich|word|wort|exactly|exakt|genau|literally|textually \
         ~6 above|oben|instructions|anweisungen|prompt|system|systemprompt",
    ),
    strong(
        "extract.what_were_you_told",
        PromptExtraction,
        "what|was|welche|which \
         ~3 were|wurden|wurde|hast|have|did|was|got \
         you|du|dir \
         ~3 told|instructed|programmed|angewiesen|programmiert|mitgegeben|trained",
    ),
    // ---- Fake authority --------------------------------------------------
    strong(
        "authority.vendor_staff",
        FakeAuthority,
        "openai|anthropic|deepmind \
         ~2 staff|team|employee|employees|engineer|engineers|developer|developers|mitarbeiter*|entwickler*|admin|administrator|security|safety|researcher|official",
    ),
    strong(
        "authority.i_am_admin_override",
        FakeAuthority,
        "i|ich|this|hier|je|soy|sono|yo \
         ~3 admin|administrator|developer|entwickler|creator|ersteller|schöpfer|programmer|programmierer|owner|operator|betreiber|sysadmin|root|superuser|creador|créateur|développeur|sviluppatore|desarrollador \
         ~8 ignore|ignoriere|override|bypass|disable|deaktiviere|umgehe*|instructions|anweisungen|restrictions|einschränkungen|prompt|systemprompt|filter|filters",
    ),
    strong(
        "authority.maintenance_mode",
        FakeAuthority,
        "maintenance|wartung|wartungs|diagnostic|diagnose|admin|administrator|root|sudo|override \
         mode|modus|modo \
         ~4 activated|aktiviert|engaged|activado|activé|attivato|initiated|ignore|ignoriere|disable|deaktiviere|override",
    ),
    strong(
        "authority.maintenance_compound",
        FakeAuthority,
        "wartungsmodus|debugmodus|adminmodus|administratormodus|diagnosemodus|testmodus|servicemodus|rootmodus|godmode|devmode|debugmode|adminmode \
         ~4 aktiviert|activated|enabled|engaged|ignoriere|ignore|initiated",
    ),
    strong(
        "authority.enter_maintenance",
        FakeAuthority,
        "enter|activate|aktiviere|initiate|engage|entering|initiating \
         ~3 root|sudo|override|god \
         mode|modus|modo",
    ),
    weak(
        "authority.message_from",
        FakeAuthority,
        "message|nachricht|notice|hinweis|note|instruction*|anweisung*|update|befehl|command|order|mitteilung \
         from|vom|von|des|der \
         ~1 developer*|admin|administrator*|entwickler*|openai|anthropic|betreiber*|creator|ersteller*|operator|sysadmin|systemadministrator",
    ),
    strong(
        "authority.override_code",
        FakeAuthority,
        "admin|administrator|developer|sudo|root|override|master|debug \
         override|overrides|code|command|befehl|key|clearance|autorisierung|authorization|authorisation \
         ~8 ignore|ignoriere|disable|deaktiviere|bypass|umgehe*|reveal|restrictions|einschränkungen|filter|filters",
    ),
    weak(
        "authority.i_am_admin",
        FakeAuthority,
        "i|ich \
         am|m|bin \
         ~2 admin|administrator|developer|entwickler|creator|programmer|owner|operator|betreiber|ersteller|schöpfer|programmierer",
    ),
    strong(
        "extract.before_my_message",
        PromptExtraction,
        "everything|alles|all|text|tout|todo|tutto \
         ~3 before|vor|above|über|oberhalb|avant|antes|prima \
         ~2 my|meiner|meinem|meine|mon|ma|mi|mio|il \
         ~1 message|nachricht|question|frage|first|ersten|erste|input|eingabe|premier|primer|primo|messaggio",
    ),
    // ---- Weak cues added with the second training round -----------------
    weak(
        "output.every_answer",
        OutputHijack,
        "answer|reply|respond|antworte|beantworte|end|beende|begin|beginne|start|starte|add|append|füge|häng|include|insert|bau|baue|empfiehl|recommend|put|setze|schreib* \
         ~4 every|each|all|any|future|jede|jeden|jeder|jedes|alle|allen|künftige*|weitere \
         ~2 answer|answers|reply|replies|response|responses|question|questions|message|messages|antwort|antworten|frage|fragen|nachricht|nachrichten",
    ),
    weak(
        "extract.your_configuration",
        PromptExtraction,
        "your|deine|deinen|deiner|deinem|dein|dir|ta|tu|tua \
         ~2 configuration|config|setup|konfiguration|einrichtung*|einrichtungstext|preamble|einleitung|kontextfenster|notes|notizen|initialisation|initialization|configurazione|configuración|guidance|directions|aufträge|vorgaben",
    ),
    weak(
        "authority.claimed_role",
        FakeAuthority,
        "this|here|hier|message|nachricht|notice|mitteilung|from|vom \
         ~3 security|sicherheitsteam|admin|administrator|developer|developers|entwickler|owner|inhaber|operator|betreiber|compliance|headquarters|zentrale|lead|teamleitung|engineer|ingenieur|datenschutzteam|management|geschäftsführung|platform|plattform*",
    ),
    weak(
        "indirect.addressed_to_model",
        InstructionOverride,
        "note|notes|hinweis|message|nachricht|instruction|instructions|anweisung|anweisungen|ps|dear|liebe|lieber|hey|hallo|psst|pssst|attention|achtung|nota \
         ~3 ai|ki|ia|assistant|assistent|assistenten|assistente|chatbot|bot|model|modell|sprachmodell|llm|language|agent",
    ),
    weak(
        "indirect.if_you_are_model",
        RoleHijack,
        "if|wenn|falls|sofern|any|jede|jeder|alle \
         ~2 ai|ki|assistant|assistent|chatbot|bot|model|modell|sprachmodell|llm|language|systems|systeme \
         ~4 reading|reads|liest|lesen|processing|verarbeitet|summarising|summarizing|zusammenfasst|retrieves|abruft|sees|sieht|siehst|read",
    ),
    weak(
        "indirect.ask_for_credentials",
        OutputHijack,
        "ask|asks|frag|frage|fragen|bitte|request|collect|sammle|erfrage*|verlange* \
         ~3 user|users|visitor|visitors|customer|customers|nutzer|besucher|kunde|kunden|them|ihn|client|cliente \
         ~5 password|passwords|passwort|credit|kreditkartennummer|kreditkarte|kartennummer|kartendaten|card|pin|tan|mot|contraseña",
    ),
    weak(
        "override.no_longer_applies",
        InstructionOverride,
        "instructions|rules|guidance|directions|setup|configuration|vorgaben|regeln|anweisungen|aufträge|konfiguration|richtlinien|guidelines \
         ~5 no|nicht|cancelled|canceled|revoked|widerrufen|gestrichen|suspended|ausgesetzt|outdated|veraltet|void|ungültig|lifted|aufgehoben \
         ~1 longer|mehr|apply|gelten|gilt|kraft",
    ),
    weak(
        "role.become_persona",
        RoleHijack,
        "become|werde|impersonate|assume|übernimm|schlüpf|schlüpfe|gib|switch|wechsle \
         ~3 identity|identität|role|rolle|persona|personality|persönlichkeit|personalities|character|charakter|dich|yourself",
    ),
    weak(
        "output.nothing_else",
        OutputHijack,
        "and|und|y|et|e|otherwise|ansonsten \
         nothing|sonst|nada|rien|nient \
         ~1 else|nichts|anderes|más|d|altro",
    ),
    weak(
        "extract.first_words",
        PromptExtraction,
        "first|ersten|erste|allererste|premiers|primeras|prime|start|anfang|beginning \
         ~3 words|wörter|worte|mots|palabras|parole|lines|zeilen|message|nachricht|part|teil \
         ~4 conversation|gesprächs|gespräch|chat|context|kontext|kontexts|conversación|conversazione|conversation",
    ),
    weak(
        "extract.other_customers",
        PromptExtraction,
        "show|list|give|zeig|zeige|liste|gib|nenn|nenne|names|namen|email|addresses|adressen|daten|data|conversation|conversations|gespräch|gespräche|gesprächsverläufe|history \
         ~5 other|anderer|anderen|fremde|fremder|previous|vorherigen|last|letzten \
         ~2 customers|users|visitors|kunden|nutzer|besucher|user|kunde",
    ),
    weak(
        "override.obey_only_me",
        InstructionOverride,
        "obey|gehorchst|gehorche|gehorchen|follow|folgst|accept|nimmst|listen|hörst \
         ~4 only|nur \
         ~2 me|mir|mich|my|meine|meinen",
    ),
    weak(
        "override.skip_sources",
        InstructionOverride,
        "stop|hör|don|without|ohne|ignore|ignoriere|lass|disregard|disregarding|forget|vergiss|non|übergeh \
         ~5 knowledge|wissensdatenbank|documents|dokumente|dokumenten|articles|artikel|hilfeartikel|sources|quellen|articoli|artículos|articles",
    ),
    // ---- Weak cues added with the third training round ------------------
    // Standing orders about what to tell other visitors ("when a customer
    // asks about shipping, tell them ..."): the trigger is another person's
    // question, the effect a canned answer.
    weak(
        "output.when_someone_asks",
        OutputHijack,
        "when|whenever|if|time|wenn|falls|sobald|mal|si|se|cuando|quand|lorsque|lorsqu|ogni \
         ~3 someone|anyone|somebody|user|users|visitor|visitors|customer|customers|client|clients|jemand|nutzer|besucher|kunde|kunden|kundin|cliente|clientes|clienti|utilisateur|utente|alguien|qualcuno|quelqu \
         ~5 ask|asks|mention|mentions|fragt|fragen|erwähnt|erwähnen|pregunta|preguntan|chiede|chiedono|demande|demandent|parle|habla \
         ~8 tell|say|answer|reply|respond|send|direct|sag|sage|antworte|schick|schicke|verweise|dis|dile|digli|réponds|responde|rispondi|envoie|manda",
    ),
    // Requests to print a key, token or password the deployment holds.
    weak(
        "extract.secret_credentials",
        PromptExtraction,
        "show|give|print|output|reveal|tell|write|paste|dump|send|zeig*|gib|nenn*|verrat*|schreib*|schick*|dame|dammi|donne|muestra|mostra \
         ~6 api|secret|geheim*|access|database|datenbank*|master|payment|zahlungs*|shop \
         ~2 key|keys|token|tokens|password|passwort|schlüssel|credentials|zugangsdaten|kennwort",
    ),
    // Asking the assistant to invent facts and pass them off as policy.
    weak(
        "output.make_up_facts",
        OutputHijack,
        "invent*|fabricat*|erfinde|erfind|denk|inventa|invente \
         ~3 policy|rule|rules|regel*|number|nummer|answer|antwort|politique|política|politica|official|offiziell*|real|echt|something|etwas|plausible|glaubwürdig*|convincing|überzeugend*",
    ),
    weak(
        "output.make_up_claim",
        OutputHijack,
        "make|making \
         ~2 up \
         ~6 policy|rule|rules|number|answer|official|real|facts|claim|tell|say|present|pretend",
    ),
    // Role play as staff in order to grant something.
    weak(
        "role.impersonate_staff",
        RoleHijack,
        "pretend|play|act|speak|impersonate|become|spiel|sprich|werde|fais|joue|haz|fai|fingi|finge \
         ~4 manager|director|head|lawyer|department|owner|boss|employee|leiter*|filialleiter*|chef*|direktor*|anwalt|abteilung|inhaber*|mitarbeiter*|responsable|directeur|gerente|direttore|responsabile|avocat|abogado|avvocato \
         ~8 confirm*|approve*|cancel*|grant|authori*|bestätig*|genehmig*|storn*|erlass*|conferm*|aprueba|approuve|approva|annule|cancela|annulla",
    ),
    // Switching the assistant into a privileged mode. Not "maintenance":
    // devices have one, and visitors ask how to turn it on.
    weak(
        "authority.switch_mode",
        FakeAuthority,
        "turn|switch|enable|activate|enter|aktiviere|aktivier|wechsle|schalte|active|activa|attiva|passe \
         ~3 admin|administrator|debug|root|god|superuser \
         ~1 mode|modus|modo|modalità",
    ),
    weak(
        "authority.switch_mode_compound",
        FakeAuthority,
        "turn|switch|enable|activate|enter|aktiviere|aktivier|wechsle|schalte \
         ~3 adminmodus|debugmodus|administratormodus|rootmodus|adminmode|debugmode",
    ),
    // ---- Output hijack ----------------------------------------------------
    strong(
        "output.respond_only_with",
        OutputHijack,
        "respond|reply|answer|antworte|antworten|antwortest|réponds|responde|rispondi|say|sag|output|print|write|schreib* \
         ~2 only|nur|exclusively|ausschließlich|solo|uniquement|solamente|únicamente|soltanto \
         ~1 with|mit|con|avec|by|using \
         ~3 word|wort|words|wörter|phrase|sentence|satz|following|folgende*|haha|lol|pwned",
    ),
    weak(
        "output.from_now_on",
        OutputHijack,
        "from|ab|von|à|de|d|da \
         now|jetzt|sofort|nun|maintenant|ahora|ora|adesso \
         ~3 you|du|tu|answer|respond|reply|say|antworte*|sag*|sprich|bist|are|act|heißt|eres|sei|réponds|responde|rispondi",
    ),
    strong(
        "output.say_following",
        OutputHijack,
        "say|output|print|write|repeat|type|return|sag|sage|gib|schreib|schreibe|wiederhole|druck|drucke|dis|écris|di|scrivi|escribe|di \
         ~2 exactly|only|nur|genau|exakt|exactement|exactamente|esattamente|just|simply|einfach \
         ~2 following|folgendes|folgenden|sentence|words|phrase|satz",
    ),
    strong(
        "output.the_following_text",
        OutputHijack,
        "output|print|say|sag|repeat|wiederhole|sage|ausgeben \
         ~2 the|den|das|folgenden|folgendes|following \
         ~1 following|folgende*|sentence|satz|phrase|string|words",
    ),
    strong(
        "output.pwned",
        OutputHijack,
        "pwned|pwnd|pawned \
         ~3 haha|lol|i|ich|have|been|wurde|bin|pwned",
    ),
    strong(
        "output.haha_pwned",
        OutputHijack,
        "haha|hahaha|lol|i|ich \
         ~3 pwned|pwnd|pawned",
    ),
    weak(
        "output.answer_only",
        OutputHijack,
        "respond|reply|answer|antworte|antworten|réponds|responde|rispondi \
         ~2 only|nur|exclusively|ausschließlich|solo|uniquement|solamente",
    ),
    weak(
        "output.write_essay",
        OutputHijack,
        "write|schreib*|generate|generiere|formulate|formuliere|compose|verfasse|create|erstelle|erzeuge|escribe|écris|scrivi \
         ~4 essay|poem|gedicht|aufsatz|manifesto|manifest|headline|schlagzeile|article|artikel|story|geschichte|speech|rede|tweet|song|lied|poema|poème|poesia|ensayo|saggio|plea|plädoyer|letter|text|argument*|reason|begründung",
    ),
];

pub(crate) const TAGS: &[TagDef] = &[
    // Headings that announce new rules ("Neue Regel:", "New policy:"): only
    // with the colon, so "wie erstelle ich eine neue Regel" stays allowed.
    TagDef {
        id: "override.new_rule_heading",
        category: InstructionOverride,
        needles: &[
            "newrule:",
            "newrules:",
            "newpolicy:",
            "newinstruction:",
            "newinstructions:",
            "newsysteminstruction:",
            "neueregel:",
            "neueregeln:",
            "neuerichtlinie:",
            "neueanweisung:",
            "neueanweisungen:",
            "neuesystemanweisung:",
            "neuersystemprompt:",
            "systemnachricht:",
            "systemmessage:",
            "systemnote:",
            "systemupdate:",
            "nouvelleconsigne:",
            "nouvellerègle:",
            "nuevainstrucción:",
            "nuevaregla:",
            "nuovaregola:",
            "nuovaistruzione:",
        ],
    },
    TagDef {
        id: "tag.system",
        category: ForgedTag,
        needles: &[
            "<system>",
            "</system>",
            "<system_prompt",
            "</system_prompt",
            "<systemprompt",
            "<system ",
            "[system]",
            "[/system]",
            "{system}",
            "<|system|>",
            "system<|",
            "[system:",
            "<sys>",
            "<<sys>>",
            "<</sys>>",
            "###system",
            "##system",
            "systemmessage:",
            "systemprompt:",
            "[systemmessage",
            "<instructions>",
            "</instructions>",
            "<instruction>",
            "</instruction>",
            "<admin>",
            "<developer>",
        ],
    },
    TagDef {
        id: "tag.chat_template",
        category: ForgedTag,
        needles: &[
            "<|im_start|>",
            "<|im_end|>",
            "<|im_sep|>",
            "im_start|>",
            "<|endoftext|>",
            "<|start_header_id|>",
            "<|end_header_id|>",
            "<|eot_id|>",
            "<|begin_of_text|>",
            "<|assistant|>",
            "<|user|>",
            "<|end|>",
            "<|channel|>",
            "[inst]",
            "[/inst]",
            "<start_of_turn>",
            "<end_of_turn>",
            "<s>[",
            "###instruction",
            "###response",
            "###assistant",
            "###human",
            "###user",
            "[assistant]",
            "<assistant>",
            "</assistant>",
            "<user>",
            "</user>",
            "\\n\\nhuman:",
            "\\n\\nassistant:",
        ],
    },
    TagDef {
        id: "tag.source",
        category: ForgedTag,
        needles: &[
            "</source",
            "<source",
            "</context>",
            "<context>",
            "</untrusted",
            "<untrusted",
            "[/source",
            "[source",
            "</knowledge",
            "</user_input",
            "</visitor",
            "<visitor",
        ],
    },
];

/// One parsed alternative of a slot.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Alt {
    Exact(&'static str),
    Prefix(&'static str),
    Suffix(&'static str),
}

impl Alt {
    /// The alternative's text and how it matches a word.
    fn source(self) -> (&'static str, Affix) {
        match self {
            Alt::Exact(w) => (w, Affix::None),
            Alt::Prefix(p) => (p, Affix::Prefix),
            Alt::Suffix(s) => (s, Affix::Suffix),
        }
    }

    /// Reference matcher, kept for the test that checks the index against
    /// it.
    #[cfg(test)]
    fn matches(self, word: &str) -> bool {
        match self {
            Alt::Exact(w) => word == w,
            Alt::Prefix(p) => word.starts_with(p),
            Alt::Suffix(s) => word.ends_with(s),
        }
    }
}

#[derive(Debug)]
pub(crate) struct Slot {
    /// How many words may stand between the previous slot and this one.
    pub gap: usize,
    pub alts: Vec<Alt>,
}

#[cfg(test)]
impl Slot {
    fn matches(&self, word: &str) -> bool {
        self.alts.iter().any(|a| a.matches(word))
    }
}

#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub id: &'static str,
    pub category: Category,
    pub strong: bool,
    pub slots: Vec<Slot>,
}

/// Parses the pattern language. The table is static and covered by tests, so
/// a malformed pattern is a programming error; it is reported by the tests
/// (`compile` returns `None`) instead of panicking at cold start.
pub(crate) fn compile(def: &RuleDef) -> Option<CompiledRule> {
    let mut slots = Vec::new();
    let mut gap = 0usize;
    for part in def.pattern.split_whitespace() {
        if let Some(n) = part.strip_prefix('~') {
            gap = n.parse().ok()?;
            continue;
        }
        let mut alts = Vec::new();
        for alt in part.split('|') {
            if alt.is_empty() {
                return None;
            }
            let parsed = if let Some(p) = alt.strip_suffix('*') {
                Alt::Prefix(p)
            } else if let Some(s) = alt.strip_prefix('*') {
                Alt::Suffix(s)
            } else {
                Alt::Exact(alt)
            };
            alts.push(parsed);
        }
        slots.push(Slot { gap, alts });
        gap = 0;
    }
    if slots.is_empty() {
        return None;
    }
    Some(CompiledRule {
        id: def.id,
        category: def.category,
        strong: def.strong,
        slots,
    })
}

#[cfg(test)]
impl CompiledRule {
    /// Reference matcher: whether the slots match the words in order, each
    /// within its gap. [`RuleSet::matching`] must agree with it.
    pub(crate) fn matches(&self, words: &[&str]) -> bool {
        let Some(first) = self.slots.first() else {
            return false;
        };
        (0..words.len()).any(|start| first.matches(words[start]) && self.rest(words, start + 1, 1))
    }

    fn rest(&self, words: &[&str], from: usize, slot: usize) -> bool {
        let Some(s) = self.slots.get(slot) else {
            return true;
        };
        let end = (from + s.gap + 1).min(words.len());
        (from..end).any(|i| s.matches(words[i]) && self.rest(words, i + 1, slot + 1))
    }
}

/// All rules with their slots numbered globally and indexed by word, so a
/// message is matched with one index lookup per word and then bit tests,
/// instead of comparing every alternative of every slot with every word.
#[derive(Debug)]
pub(crate) struct RuleSet {
    pub rules: Vec<CompiledRule>,
    /// Global id of each rule's first slot; a rule's slots are consecutive.
    first_slot: Vec<usize>,
    /// Per rule, its slots as `(word, bits)` of the slot bitmap: the rule
    /// can only match when every such word has all these bits set.
    slot_masks: Vec<Vec<(usize, u64)>>,
    index: WordIndex,
    /// `u64`s per word in the match bitmap (one bit per global slot).
    stride: usize,
}

/// Per-message scratch for [`RuleSet::matching`].
#[derive(Default)]
pub(crate) struct MatchBuf {
    /// `words.len() * stride` bits: word `i` matches global slot `s`.
    bits: Vec<u64>,
    /// Union over all words: which slots match anywhere.
    present: Vec<u64>,
}

impl RuleSet {
    pub(crate) fn new(rules: Vec<CompiledRule>) -> Self {
        let alts = rules
            .iter()
            .flat_map(|r| &r.slots)
            .map(|s| s.alts.len())
            .sum();
        let mut index = WordIndex::with_capacity(alts);
        let mut first_slot = Vec::with_capacity(rules.len());
        let mut next = 0usize;
        for rule in &rules {
            first_slot.push(next);
            for slot in &rule.slots {
                // More than 65,536 slots would need a wider id; the table
                // has a few hundred, and `every_rule_compiles` would notice
                // a truncation through the reference-matcher test.
                let id = u16::try_from(next).unwrap_or(u16::MAX);
                for alt in &slot.alts {
                    let (text, affix) = alt.source();
                    index.insert(text, affix, id);
                }
                next += 1;
            }
        }
        index.build();
        let slot_masks = rules
            .iter()
            .zip(&first_slot)
            .map(|(rule, &first)| {
                let mut masks: Vec<(usize, u64)> = Vec::new();
                for s in first..first + rule.slots.len() {
                    let bit = 1u64 << (s % 64);
                    match masks.last_mut() {
                        Some((w, m)) if *w == s / 64 => *m |= bit,
                        _ => masks.push((s / 64, bit)),
                    }
                }
                masks
            })
            .collect();
        Self {
            rules,
            first_slot,
            slot_masks,
            index,
            stride: next.div_ceil(64).max(1),
        }
    }

    /// Calls `f` for every rule that matches `words`, in table order.
    pub(crate) fn matching(
        &self,
        words: &[&str],
        buf: &mut MatchBuf,
        mut f: impl FnMut(&CompiledRule),
    ) {
        let stride = self.stride;
        buf.bits.clear();
        buf.bits.resize(words.len() * stride, 0);
        buf.present.clear();
        buf.present.resize(stride, 0);
        for (i, word) in words.iter().enumerate() {
            let row = &mut buf.bits[i * stride..(i + 1) * stride];
            self.index.for_each_match(word, |id| {
                let id = usize::from(id);
                row[id / 64] |= 1 << (id % 64);
            });
            for (p, r) in buf.present.iter_mut().zip(row.iter()) {
                *p |= *r;
            }
        }
        let bits = &buf.bits;
        let has =
            |word: usize, slot: usize| bits[word * stride + slot / 64] & (1 << (slot % 64)) != 0;
        for ((rule, &first), masks) in self
            .rules
            .iter()
            .zip(&self.first_slot)
            .zip(&self.slot_masks)
        {
            // A rule whose slots do not all occur somewhere cannot match
            // (tested a bitmap word at a time).
            if !masks
                .iter()
                .all(|&(w, m)| buf.present.get(w).is_some_and(|p| p & m == m))
            {
                continue;
            }
            let matched = (0..words.len()).any(|start| {
                has(start, first) && rest(rule, &has, words.len(), first, start + 1, 1)
            });
            if matched {
                f(rule);
            }
        }
    }
}

/// Whether slots `slot..` of `rule` match from word `from` on, each within
/// its gap (the recursion of the reference matcher, over the bitmap).
fn rest(
    rule: &CompiledRule,
    has: &impl Fn(usize, usize) -> bool,
    len: usize,
    first: usize,
    from: usize,
    slot: usize,
) -> bool {
    let Some(s) = rule.slots.get(slot) else {
        return true;
    };
    let end = (from + s.gap + 1).min(len);
    (from..end).any(|i| has(i, first + slot) && rest(rule, has, len, first, i + 1, slot + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_set() -> RuleSet {
        RuleSet::new(RULES.iter().filter_map(compile).collect())
    }

    fn words(text: &str) -> Vec<String> {
        let norm = crate::normalize::for_detection(text);
        norm.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The indexed matcher agrees with the reference matcher on the
    /// injection test data and on every alternative of every slot.
    #[test]
    fn index_agrees_with_reference() {
        let set = rule_set();
        let mut texts: Vec<String> = Vec::new();
        for raw in [
            include_str!("../../tests/data/injection/cases.jsonl"),
            include_str!("../../tests/data/injection/train_attack.jsonl"),
            include_str!("../../tests/data/injection/train_support.jsonl"),
            include_str!("../../tests/data/injection/train_trigger.jsonl"),
        ] {
            for line in raw.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(t) = v["text"].as_str()
                {
                    texts.push(t.to_string());
                }
            }
        }
        // Every alternative alone and with a letter added on either side
        // (exercises exact, prefix and suffix hits and near misses).
        for rule in &set.rules {
            for slot in &rule.slots {
                for alt in &slot.alts {
                    let (w, _) = alt.source();
                    texts.push(format!("{w} x{w} {w}x ä{w}ü"));
                }
            }
        }
        let mut buf = MatchBuf::default();
        for text in &texts {
            let owned = words(text);
            let ws: Vec<&str> = owned.iter().map(String::as_str).collect();
            let mut fast = Vec::new();
            set.matching(&ws, &mut buf, |r| fast.push(r.id));
            let slow: Vec<&str> = set
                .rules
                .iter()
                .filter(|r| r.matches(&ws))
                .map(|r| r.id)
                .collect();
            assert_eq!(fast, slow, "{text}");
        }
    }
}
