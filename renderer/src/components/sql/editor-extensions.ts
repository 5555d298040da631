// CodeMirror setup for the SQL console: PostgreSQL language with schema completion, theme-aware
// highlighting (CSS variables), run shortcuts, and an underline for the error position.
import { Compartment, Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
  type DecorationSet,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { PostgreSQL, sql, type SQLNamespace } from '@codemirror/lang-sql';
import { tags as t } from '@lezer/highlight';
import type { SchemaInfo } from '../../../../shared/types';
import { statementAt } from '../../../../shared/sql-statements';
import { columnsInScope } from '../../lib/sql-tables';

export const languageCompartment = new Compartment();

/** Completion namespace: schema → table → columns. */
export function schemaNamespace(info: SchemaInfo | null): SQLNamespace {
  const namespace: { [schema: string]: { [table: string]: string[] } } = {};
  for (const schema of info?.schemas ?? []) {
    const tables: { [table: string]: string[] } = {};
    for (const table of schema.tables) tables[table.name] = table.columns;
    namespace[schema.name] = tables;
  }
  return namespace;
}

const WORD = /[\w$\u0080-\uffff]*/;
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/**
 * Unqualified columns of the tables the statement under the cursor names (lang-sql completes only
 * `table.` and `alias.`), ranked above keywords: after `from users_sync where em`, `email` comes first.
 */
export function columnCompletion(schema: () => Promise<SchemaInfo | null>): CompletionSource {
  return async (context) => {
    const word = context.matchBefore(WORD);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    // Qualified names are the schema source's; strings and comments get nothing.
    if (context.state.sliceDoc(word.from - 1, word.from) === '.') return null;
    if (/String|Comment|QuotedIdentifier/.test(syntaxTree(context.state).resolveInner(context.pos, -1).name)) return null;
    const statement = statementAt(context.state.doc.toString(), context.pos);
    if (!statement) return null;
    const choices = columnsInScope(statement.text, await schema());
    if (choices.length === 0) return null;
    return {
      from: word.from,
      validFor: /^[\w$\u0080-\uffff]*$/,
      options: choices.map(({ column, tables }) => ({
        label: column,
        apply: PLAIN_IDENTIFIER.test(column) ? column : `"${column.replace(/"/g, '""')}"`,
        type: 'property',
        detail: tables.join(', '),
        boost: 50,
      })),
    };
  };
}

/** `freshSchema` is asked at each completion, so a table created a moment ago is known. */
export function sqlLanguage(info: SchemaInfo | null, freshSchema: () => Promise<SchemaInfo | null>): Extension {
  return [
    sql({ dialect: PostgreSQL, schema: schemaNamespace(info), defaultSchema: 'public' }),
    PostgreSQL.language.data.of({ autocomplete: columnCompletion(freshSchema) }),
  ];
}

// ---- error underline ----

export const setErrorMark = StateEffect.define<{ from: number; to: number } | null>();
const errorMark = Decoration.mark({ class: 'cm-sql-error', attributes: { title: 'Error here' } });

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setErrorMark)) {
        return effect.value ? Decoration.set([errorMark.range(effect.value.from, effect.value.to)]) : Decoration.none;
      }
    }
    // Editing makes the old position meaningless.
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The token starting at `index` (at least one character), for underlining. */
export function errorRangeAt(doc: string, index: number): { from: number; to: number } {
  let from = Math.max(0, Math.min(index, doc.length));
  let to = from;
  while (to < doc.length && /[A-Za-z0-9_$."]/.test(doc[to])) to++;
  if (to === from) {
    if (from < doc.length) to = from + 1;
    else if (from > 0) from -= 1;
  }
  return { from, to };
}

// ---- look ----

const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier], color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syn-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--syn-number)' },
  { tag: [t.lineComment, t.blockComment, t.comment], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [t.typeName, t.standard(t.name)], color: 'var(--syn-type)' },
  { tag: [t.operator, t.punctuation, t.bracket], color: 'var(--syn-punct)' },
  { tag: [t.special(t.name), t.propertyName], color: 'var(--syn-ident)' },
]);

const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--bg-editor)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-panel)', color: 'var(--fg-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--bg-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--bg-active-line)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--bg-selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg-panel)', border: '1px solid var(--border)', color: 'var(--fg)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
});

export interface EditorCommands {
  runCurrent(): void;
  runAll(): void;
  /** Ctrl/Cmd+S: "Save query" (instead of the browser saving the page). */
  saveQuery(): void;
}

export function editorExtensions(commands: EditorCommands, onChange: (text: string) => void): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    autocompletion(),
    highlightActiveLine(),
    placeholder('Write SQL here. Ctrl/Cmd+Enter runs the statement under the cursor.'),
    Prec.highest(
      keymap.of([
        { key: 'Mod-Enter', run: () => (commands.runCurrent(), true) },
        { key: 'Shift-Mod-Enter', run: () => (commands.runAll(), true) },
        { key: 'Mod-s', preventDefault: true, run: () => (commands.saveQuery(), true) },
      ]),
    ),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
    languageCompartment.of([]),
    syntaxHighlighting(highlightStyle),
    editorTheme,
    errorField,
    EditorView.contentAttributes.of({ 'aria-label': 'SQL editor' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
}
