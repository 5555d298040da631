// Mounts one CodeMirror view; the parent drives it through `viewRef`.
import { useEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { editorExtensions, languageCompartment, sqlLanguage, type EditorCommands } from './editor-extensions';
import type { SchemaInfo } from '../../../../shared/types';

const DRAFT_KEY = 'seren-auth-sql-draft';

interface Props {
  viewRef: React.RefObject<EditorView | null>;
  commands: EditorCommands;
  schema: SchemaInfo | null;
  initialText: string;
}

export function SqlEditor({ viewRef, commands, schema, initialText }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  // Keymaps are built once; route them to the latest callbacks.
  const commandsRef = useRef(commands);
  commandsRef.current = commands;

  useEffect(() => {
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    const view = new EditorView({
      parent: hostRef.current!,
      state: EditorState.create({
        doc: localStorage.getItem(DRAFT_KEY) ?? initialText,
        extensions: editorExtensions(
          { runCurrent: () => commandsRef.current.runCurrent(), runAll: () => commandsRef.current.runAll() },
          (text) => {
            clearTimeout(saveTimer);
            saveTimer = setTimeout(() => localStorage.setItem(DRAFT_KEY, text), 400);
          },
        ),
      }),
    });
    viewRef.current = view;
    return () => {
      clearTimeout(saveTimer);
      localStorage.setItem(DRAFT_KEY, view.state.doc.toString());
      view.destroy();
      viewRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: languageCompartment.reconfigure(sqlLanguage(schema)) });
  }, [schema, viewRef]);

  return <div className="sql-editor" ref={hostRef} />;
}
