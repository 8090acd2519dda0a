// The locale checker behind test/i18n/locales.test.ts (and `npm run check:i18n`): user-visible literals left in UI
// code, and the two catalogs against each other and against the code. TypeScript's own parser reads the sources, so a
// string is judged by where it sits in the syntax tree, not by a regular expression over the text.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A user-visible literal found outside the messages. */
export type Finding = { file: string; line: number; text: string; why: string };

/** Attributes whose value a user reads or hears. */
const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'placeholder',
  'alt',
  'label',
]);

/** DOM properties whose value a user reads or hears. */
const VISIBLE_PROPERTIES = new Set([
  'textContent',
  'innerText',
  'title',
  'placeholder',
  'alt',
  'ariaLabel',
  'ariaDescription',
  'ariaValueText',
]);

/** Functions whose argument a user reads: the browser's dialogs and the UI's status setters and toasts. */
const SINK_CALLS = new Set([
  'alert',
  'confirm',
  'prompt',
  'toast',
  'showToast',
  'setMessage',
  'setStatus',
  'setRunMessage',
  'setError',
  'announce',
]);

/** Object fields that carry words for the reader across messages (save results, menu items, errors). */
const VISIBLE_FIELDS = new Set(['error', 'message', 'note', 'title', 'label', 'description', 'reason']);

/**
 * Strings the scan would flag but no user sees, each with its reason. Keep this short: a user-visible string belongs in
 * the messages, never here.
 */
export const ALLOWLIST: readonly { file: string; text: string; why: string }[] = [
  {
    file: 'lib/background/offscreen.ts',
    text: 'Parse a post fetched from the site API and sanitise post HTML before saving it offline.',
    why: "chrome.offscreen.createDocument's justification: read by Chrome Web Store reviewers, never shown to a user",
  },
  {
    file: 'lib/background/offscreen.ts',
    text: 'Could not establish connection. Receiving end does not exist.',
    why: "mimics Chrome's own runtime error text, which callers match to retry; a user never sees it",
  },
  {
    file: 'lib/background/inpage.ts',
    text: 'no tab',
    why: 'a code answered to a content script, which only quotes it inside a thrown Error (a diagnostic)',
  },
  {
    file: 'lib/background/katex.ts',
    text: 'no tab',
    why: 'a code answered to a content script, which only quotes it inside a thrown Error (a diagnostic)',
  },
];

const LETTER = /\p{L}/u;
const CODE = /^[a-z][a-zA-Z0-9-]*$/;
const CSS = /^[^{}]*\{[^{}]*:[^{}]*\}/;
/** A sentence: capital first, then at least two more words (catches prose returned or stored in constants). */
const PROSE = /^\p{Lu}\p{Ll}*[,:]?\s+\S+\s+\S/u;

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The literal text of a string or template (substitutions as `${…}`), or undefined for other expressions. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((s) => `\${…}${s.literal.text}`).join('');
  }
  return undefined;
}

/** The literals an expression can evaluate to as shown text: through `?:`, `&&`, `||`, `??` and parentheses. */
function shownLiterals(node: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return shownLiterals(node.expression);
  }
  if (literalText(node) !== undefined) return [node];
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return shownLiterals(node.right);
    if (
      op === ts.SyntaxKind.BarBarToken ||
      op === ts.SyntaxKind.QuestionQuestionToken ||
      op === ts.SyntaxKind.PlusToken
    )
      return [...shownLiterals(node.left), ...shownLiterals(node.right)];
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => shownLiterals(e as ts.Expression));
  if (ts.isJsxElement(node) || ts.isJsxFragment(node) || ts.isJsxSelfClosingElement(node)) return [];
  return [];
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** True inside code no user sees: console output, thrown errors, type positions, imports, comparisons, keys. */
function isDiagnostic(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
      const callee = p.expression;
      // console.* lines are for developers; an Error's text is a diagnostic detail that UI messages quote in
      // parentheses inside a translated sentence ("Lens could not save this post (…)").
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'console'
      )
        return true;
      if (ts.isNewExpression(p) && ts.isIdentifier(callee) && /Error$/.test(callee.text)) return true;
    }
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isTypeNode(p)) return true;
    if (
      ts.isBinaryExpression(p) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)
    )
      return true;
    if (ts.isCaseClause(p)) return true;
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

/** Every user-visible literal in one source file (path relative to the project, for messages and the allowlist). */
export function scanSource(file: string, text: string): Finding[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found = new Map<ts.Node, Finding>();
  const flag = (node: ts.Node, why: string, value = literalText(node), codesAllowed = false) => {
    if (value === undefined || !LETTER.test(value) || found.has(node)) return;
    // Outside JSX and attributes, a lone lowercase token is a code (a union member like 'quota'), and a string with
    // a rule block is a stylesheet (a <style>'s textContent): neither is read as words.
    if (codesAllowed && (CODE.test(value) || CSS.test(value))) return;
    if (ALLOWLIST.some((a) => a.file === file && a.text === value)) return;
    found.set(node, { file, line: lineOf(source, node), text: value.trim(), why });
  };
  const flagShown = (expr: ts.Expression, why: string, codesAllowed = true) => {
    for (const lit of shownLiterals(expr)) flag(lit, why, undefined, codesAllowed);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      if (LETTER.test(node.text)) flag(node, 'JSX text', node.text);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      flagShown(node.expression, 'JSX child', false);
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(source);
      if (VISIBLE_ATTRIBUTES.has(name) && node.initializer) {
        if (ts.isStringLiteral(node.initializer)) flag(node.initializer, `${name} attribute`);
        else if (ts.isJsxExpression(node.initializer) && node.initializer.expression)
          flagShown(node.initializer.expression, `${name} attribute`, false);
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      if (ts.isPropertyAccessExpression(target) && VISIBLE_PROPERTIES.has(target.name.text))
        flagShown(node.right, `.${target.name.text} =`);
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const [first, second] = node.arguments;
      if (name && SINK_CALLS.has(name) && first) flagShown(first, `${name}()`);
      if (name === 'setAttribute' && first && second && ts.isStringLiteral(first) && VISIBLE_ATTRIBUTES.has(first.text))
        flagShown(second, `setAttribute('${first.text}')`);
    } else if (ts.isPropertyAssignment(node)) {
      const key = node.name.getText(source).replace(/['"]/g, '');
      if (VISIBLE_FIELDS.has(key))
        for (const lit of shownLiterals(node.initializer))
          if (!isDiagnostic(lit)) flag(lit, `${key}: field`, undefined, true);
    }
    const value = literalText(node);
    const isKey =
      node.parent !== undefined &&
      (ts.isPropertyAssignment(node.parent) || ts.isPropertySignature(node.parent)) &&
      node.parent.name === node;
    if (value !== undefined && PROSE.test(value.trim()) && !isDiagnostic(node) && !isKey) {
      flag(node, 'sentence in code');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found.values()].sort((a, b) => a.line - b.line);
}

/** The folders and files whose code shows words to a user (everything but the pure parsers and models). */
export const UI_ROOTS = ['components', 'entrypoints', 'lib'] as const;
const SKIP = [/^lib\/parse\//, /^lib\/model\.ts$/, /^lib\/detect\.ts$/, /^lib\/i18n\.ts$/];

/** The UI source files under `root` (the project directory), relative paths. */
export function uiFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !SKIP.some((re) => re.test(path)))
        out.push(path);
    }
  };
  for (const r of UI_ROOTS) walk(r);
  return out.sort();
}

/** Every user-visible literal in the project's UI code. */
export function scanProject(root: string): Finding[] {
  return uiFiles(root).flatMap((file) => scanSource(file, readFileSync(join(root, file), 'utf8')));
}

// ─── The catalogs ────────────────────────────────────────────────────────────────────────────────────────────────

type Message = { message: string; placeholders?: Record<string, { content: string }> };
/** A messages.json file. */
export type Messages = Record<string, Message>;

const PLURAL = /^(.+)_(zero|one|two|few|many|other)$/;

/** True when a plural category of `locale` holds exactly one whole number (English "one": 1). */
function singleNumber(locale: string, category: string): boolean {
  const rules = new Intl.PluralRules(locale);
  let n = 0;
  for (let i = 0; i <= 1000 && n < 2; i++) if (rules.select(i) === category) n++;
  return n === 1;
}

/** The placeholders a message uses, as a sorted signature: `$name$` references and positional `$1`…`$9`. */
export function placeholderSignature(m: Message): string {
  const named = [...m.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => {
    const p = Object.entries(m.placeholders ?? {}).find(([k]) => k.toLowerCase() === x[1]!.toLowerCase());
    return `${x[1]!.toLowerCase()}=${p ? p[1].content : '?'}`;
  });
  const direct = [...m.message.replace(/\$\$/g, '').matchAll(/\$([1-9])/g)].map((x) => `$${x[1]}`);
  return [...new Set([...named, ...direct])].sort().join(' ');
}

/** What is wrong between the catalogs: missing keys, wrong plural forms, placeholders that differ, dangling names. */
export function compareCatalogs(catalogs: Record<string, Messages>): string[] {
  const problems: string[] = [];
  const locales = Object.keys(catalogs);
  const families = new Map<string, Map<string, Set<string>>>(); // base → locale → categories
  const plain = new Map<string, Set<string>>(); // key → locales
  for (const [locale, messages] of Object.entries(catalogs)) {
    for (const [key, m] of Object.entries(messages)) {
      const placeholderProblem = Object.keys(m.placeholders ?? {}).find(
        (name) => !m.message.toLowerCase().includes(`$${name.toLowerCase()}$`),
      );
      if (placeholderProblem) problems.push(`${locale}: ${key} defines $${placeholderProblem}$ but never uses it`);
      if (/\$[A-Za-z0-9_@]+\$/.test(m.message) && placeholderSignature(m).includes('=?'))
        problems.push(`${locale}: ${key} uses a $name$ placeholder it does not define`);
      const plural = PLURAL.exec(key);
      if (plural) {
        const byLocale = families.get(plural[1]!) ?? new Map<string, Set<string>>();
        families.set(plural[1]!, byLocale);
        const set = byLocale.get(locale) ?? new Set<string>();
        byLocale.set(locale, set);
        set.add(plural[2]!);
      } else {
        const set = plain.get(key) ?? new Set<string>();
        plain.set(key, set);
        set.add(locale);
      }
    }
  }
  for (const [key, has] of plain) {
    for (const locale of locales) if (!has.has(locale)) problems.push(`${locale}: missing ${key}`);
  }
  for (const [base, byLocale] of families) {
    for (const locale of locales) {
      const need = new Set(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
      const have = byLocale.get(locale) ?? new Set<string>();
      for (const c of need)
        if (!have.has(c)) problems.push(`${locale}: missing ${base}_${c} (a plural form of ${locale})`);
      for (const c of have)
        if (!need.has(c as Intl.LDMLPluralRule))
          problems.push(`${locale}: ${base}_${c} is not a plural form of ${locale}`);
    }
  }
  // Placeholders: the same in every locale and every plural form of a family. A form may leave out the count only
  // where its category holds a single number (English "one" is 1: "the earlier version"); Russian "one" also holds
  // 21, 31…, so its forms must show the count.
  const signatures = new Map<string, Map<string, string>>(); // key or base → "locale key" → signature
  for (const [locale, messages] of Object.entries(catalogs)) {
    for (const [key, m] of Object.entries(messages)) {
      const plural = PLURAL.exec(key);
      const id = plural?.[1] ?? key;
      const forms = signatures.get(id) ?? new Map<string, string>();
      signatures.set(id, forms);
      const all = placeholderSignature(m).split(' ').filter(Boolean);
      const hasCount = all.some((p) => p.endsWith('=$1') || p === '$1');
      if (plural && !hasCount && !singleNumber(locale, plural[2]!))
        problems.push(`${locale}: ${key} must show the count ($1): its form covers more than one number`);
      forms.set(
        `${locale} ${key}`,
        plural ? all.filter((p) => !p.endsWith('=$1') && p !== '$1').join(' ') : all.join(' '),
      );
    }
  }
  for (const [id, forms] of signatures) {
    if (new Set(forms.values()).size > 1)
      problems.push(`placeholders differ for ${id}: ${[...forms].map(([f, s]) => `${f} "${s || 'none'}"`).join(', ')}`);
  }
  return problems;
}

/** The message names the code and the manifest refer to: string literals in code and `__MSG_name__` references. */
export function referencedKeys(root: string, files: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) keys.add(m[1]!);
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) keys.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return keys;
}

/** Catalog names no code uses (a plural family counts as used when its base name is). */
export function unusedKeys(messages: Messages, referenced: ReadonlySet<string>): string[] {
  const unused = new Set<string>();
  for (const key of Object.keys(messages)) {
    const base = PLURAL.exec(key)?.[1];
    if (!referenced.has(key) && !(base && referenced.has(base))) unused.add(base ?? key);
  }
  return [...unused].sort();
}

/** Every TypeScript file of the project that may refer to a message (UI code, lib/i18n itself, the manifest config). */
export function codeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) out.push(path);
    }
  };
  for (const r of UI_ROOTS) walk(r);
  out.push('wxt.config.ts');
  return out.map((f) => relative(root, join(root, f))).sort();
}
