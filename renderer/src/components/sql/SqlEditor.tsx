// Mounts one CodeMirror view for all query tabs; each tab keeps its own EditorState (text, cursor,
// undo history) while another is shown. The parent drives the view through `viewRef`.
import { useLayoutEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { editorExtensions, languageCompartment, sqlLanguage, type EditorCommands } from './editor-extensions';
import type { SchemaInfo } from '../../../../shared/types';
import { freshSchema } from '../../stores/fresh-schema';

interface Props {
  viewRef: React.RefObject<EditorView | null>;
  commands: EditorCommands;
  schema: SchemaInfo | null;
  /** The tab to show, and its text for the first time it is shown. */
  tabId: string;
  tabText: string;
  openTabIds: string[];
  onTextChange(tabId: string, text: string): void;
}

export function SqlEditor({ viewRef, commands, schema, tabId, tabText, openTabIds, onTextChange }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  // Keymaps and listeners are built once per state; route them to the latest callbacks.
  const latest = useRef({ commands, onTextChange, schema });
  latest.current = { commands, onTextChange, schema };
  const shownTab = useRef<string | null>(null);
  const states = useRef(new Map<string, EditorState>());

  useLayoutEffect(() => {
    const view = new EditorView({ parent: hostRef.current! });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
      shownTab.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view || shownTab.current === tabId) return;
    if (shownTab.current) states.current.set(shownTab.current, view.state);
    shownTab.current = tabId;
    const state =
      states.current.get(tabId) ??
      EditorState.create({
        doc: tabText,
        extensions: editorExtensions(
          {
            runCurrent: () => latest.current.commands.runCurrent(),
            runAll: () => latest.current.commands.runAll(),
            saveQuery: () => latest.current.commands.saveQuery(),
          },
          (text) => latest.current.onTextChange(tabId, text),
        ),
      });
    view.setState(state);
    view.dispatch({ effects: languageCompartment.reconfigure(sqlLanguage(latest.current.schema, freshSchema)) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tabId]);

  useLayoutEffect(() => {
    // Closed tabs' states are dropped; the store keeps their text until then.
    for (const id of states.current.keys()) if (!openTabIds.includes(id)) states.current.delete(id);
  }, [openTabIds]);

  useLayoutEffect(() => {
    viewRef.current?.dispatch({ effects: languageCompartment.reconfigure(sqlLanguage(schema, freshSchema)) });
  }, [schema, viewRef]);

  return <div className="sql-editor" id="query-editor" role="tabpanel" aria-labelledby={`query-tab-${tabId}`} ref={hostRef} />;
}
