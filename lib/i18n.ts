import type en from '../public/_locales/en/messages.json';

/** Every message name of the English catalog (public/_locales/en/messages.json), plural forms included. */
export type MessageKey = keyof typeof en;

/** A counted message's name: the catalog holds it as `<name>_one`, `<name>_other` (and `_few`, `_many` in Russian). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

/** One message as messages.json holds it (the WebExtension i18n format). */
export type CatalogMessage = {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
};

/** A whole messages.json file. */
export type Catalog = Record<string, CatalogMessage>;

/** What a substitution may be: numbers are written in the messages' language (grouping, decimal mark). */
export type Substitution = string | number;

type Backend = {
  /** The message with `$1`… filled in, or '' when the key is unknown. */
  message: (key: string, substitutions: string[]) => string;
  /** The browser's UI language (BCP 47). */
  uiLanguage: () => string;
};

type I18nApi = { getMessage: (key: string, substitutions?: string | string[]) => string; getUILanguage: () => string };

/** Chrome's i18n (or the polyfilled `browser.i18n`), wherever this context has one. */
function browserI18n(): I18nApi | undefined {
  const g = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  const api = g.browser?.i18n ?? g.chrome?.i18n;
  return typeof api?.getMessage === 'function' ? api : undefined;
}

let backend: Backend | undefined;

function current(): Backend {
  if (backend) return backend;
  const api = browserI18n();
  if (!api) throw new Error('lib/i18n: no browser.i18n here and no catalog given (setCatalog)');
  backend = { message: (key, subs) => api.getMessage(key, subs) ?? '', uiLanguage: () => api.getUILanguage() };
  return backend;
}

/**
 * Fills a catalog message the way browsers do: named `$placeholder$`s become their content, then `$1`…`$9` the
 * substitutions, and `$$` a dollar sign.
 */
export function fillMessage(entry: CatalogMessage, substitutions: readonly string[]): string {
  const named = entry.placeholders ?? {};
  const lower = Object.fromEntries(Object.entries(named).map(([k, v]) => [k.toLowerCase(), v.content]));
  const withNamed = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (all, name: string) => lower[name.toLowerCase()] ?? all,
  );
  return withNamed.replace(/\$(\$|[1-9])/g, (_all, d: string) =>
    d === '$' ? '$' : (substitutions[Number(d) - 1] ?? ''),
  );
}

/** Serves messages from a catalog instead of browser.i18n (unit tests, tools); `language` stands for the UI language. */
export function setCatalog(catalog: Catalog, language: string): void {
  backend = {
    message: (key, subs) => {
      const entry = catalog[key];
      return entry ? fillMessage(entry, subs) : '';
    },
    uiLanguage: () => language,
  };
}

/**
 * The language the messages shown are written in (each catalog names its own in `locale`): the browser falls back to
 * English for a UI language Lens has no catalog for, and plurals and numbers must follow the words, not the UI.
 */
export function messagesLanguage(): string {
  return current().message('locale', []) || 'en';
}

/** The locale for numbers and dates: the UI language when the messages are in it (en-GB keeps its dates), else theirs. */
export function formatLocale(): string {
  const words = messagesLanguage();
  const ui = current().uiLanguage().replace('_', '-');
  return ui.toLowerCase().split('-')[0] === words ? ui : words;
}

function text(value: Substitution): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** The message `key` in the browser's language with `$1`… filled in; the key itself if the catalog lacks it. */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return current().message(key, substitutions.map(text)) || key;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The CLDR plural category of `count` in the messages' language ("one", "few", "many", "other"…). */
export function pluralCategory(count: number): Intl.LDMLPluralRule {
  const language = messagesLanguage();
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

/**
 * A counted message (1 post, 2 posts; 1 пост, 2 поста, 5 постов): the form `<key>_<category>` that Intl.PluralRules
 * picks for `count` in the messages' language, with the count as `$1` and the other substitutions after it.
 */
export function tn(key: PluralKey, count: number, ...substitutions: Substitution[]): string {
  const subs = [formatNumber(count), ...substitutions.map(text)];
  const b = current();
  return b.message(`${key}_${pluralCategory(count)}`, subs) || b.message(`${key}_other`, subs) || key;
}

/** A number written the messages' way (1,234.5 or 1 234,5). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formatLocale(), options).format(value);
}

/** A date without its time (6 Dec 2026, 6 дек. 2026 г.), or undefined for a missing or unreadable date. */
export function formatDate(value: string | number | Date | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium' }).format(date);
}

const BYTE_UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A byte count with its unit in the messages' language: "1.2 MB", "1,2 МБ". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return formatNumber(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'short' });
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < BYTE_UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  return formatNumber(n < 10 ? Math.round(n * 10) / 10 : Math.round(n), {
    style: 'unit',
    unit: BYTE_UNITS[u],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  });
}

/** A reading time: "<1 min", "12 min", "1 hr 5 min" ("<1 мин", "12 мин", "1 ч 5 мин"). */
export function formatMinutes(minutes: number): string {
  const unit = (value: number, name: 'minute' | 'hour') =>
    formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'short' });
  if (minutes < 1) return t('lessThan', unit(1, 'minute'));
  const rounded = Math.round(minutes);
  if (rounded < 60) return unit(rounded, 'minute');
  const h = Math.floor(rounded / 60);
  const m = rounded % 60;
  return m === 0 ? unit(h, 'hour') : t('hoursAndMinutes', unit(h, 'hour'), unit(m, 'minute'));
}

/** One part of a message split around its substitutions: text, or the index of the substitution that goes there. */
export type MessagePart = string | number;

/**
 * The message `key` cut at its substitutions, for interleaving elements (a `<time>`, an `<input>`) with the words in
 * the order the language puts them: `["saved ", 0]` in English.
 */
export function messageParts(key: MessageKey, slots: number): MessagePart[] {
  const marks = Array.from({ length: slots }, (_, i) => String.fromCharCode(0xe000 + i));
  const filled = t(key, ...marks);
  const parts: MessagePart[] = [];
  let text = '';
  for (const ch of filled) {
    const code = ch.charCodeAt(0) - 0xe000;
    if (code >= 0 && code < slots) {
      if (text) parts.push(text);
      parts.push(code);
      text = '';
    } else text += ch;
  }
  if (text) parts.push(text);
  return parts;
}
