import { useEffect, useRef } from 'react';
import { EditorView } from '@codemirror/view';
import { useSql } from '../../stores/sql-store';
import { useApp } from '../../stores/app-store';
import { toastInfo } from '../../stores/toast-store';
import { errorPositionToIndex, isBlankSql, statementAt } from '../../../../shared/sql-statements';
import { errorRangeAt, setErrorMark } from './editor-extensions';
import { SqlEditor } from './SqlEditor';
import { ResultsPanel } from './ResultsPanel';
import { SqlSidebar } from './SqlSidebar';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { STARTER_QUERIES } from './starter-queries';

export function SqlConsole() {
  const viewRef = useRef<EditorView | null>(null);
  const { runningId, schema, result, submission, pendingConfirmation, consoleInfo } = useSql();
  const safeMode = useApp((s) => s.appState?.settings.safeMode ?? false);

  useEffect(() => {
    void useSql.getState().loadSchema();
    void useSql.getState().loadHistory();
    void useSql.getState().loadConsoleInfo();
  }, []);

  // Underline the error position once a result with one arrives.
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const position = result?.error?.position;
    if (!submission || !position) {
      view.dispatch({ effects: setErrorMark.of(null) });
      return;
    }
    const doc = view.state.doc.toString();
    // Only when the submitted text is still where it was.
    if (doc.slice(submission.from, submission.from + submission.sql.length) !== submission.sql) return;
    const index = submission.from + errorPositionToIndex(submission.sql, position);
    const range = errorRangeAt(doc, index);
    view.dispatch({ effects: [setErrorMark.of(range), EditorView.scrollIntoView(range.from, { y: 'center' })] });
  }, [result, submission]);

  const submit = (sql: string, from: number) => {
    if (isBlankSql(sql)) {
      toastInfo('Nothing to run: the editor has no statement there.');
      return;
    }
    void useSql.getState().run({ sql, from });
  };

  const runCurrent = () => {
    const view = viewRef.current;
    if (!view) return;
    const doc = view.state.doc.toString();
    const selection = view.state.selection.main;
    if (!selection.empty) return submit(doc.slice(selection.from, selection.to), selection.from);
    const statement = statementAt(doc, selection.head);
    if (!statement) return toastInfo('Nothing to run: the editor is empty.');
    submit(statement.text, statement.from);
  };

  const runAll = () => {
    const view = viewRef.current;
    if (view) submit(view.state.doc.toString(), 0);
  };

  const openText = (sql: string) => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: sql }, selection: { anchor: sql.length } });
    view.focus();
  };

  return (
    <section className="sql-console" aria-label="SQL console">
      <div className="sql-main">
        <div className="toolbar">
          <button type="button" className="button primary" onClick={runCurrent} disabled={!!runningId} title="Ctrl/Cmd+Enter">
            Run
          </button>
          <button type="button" className="button" onClick={runAll} disabled={!!runningId} title="Shift+Ctrl/Cmd+Enter">
            Run all
          </button>
          {runningId && (
            <button type="button" className="button danger" onClick={() => void useSql.getState().cancel()}>
              Cancel
            </button>
          )}
          <span className="toolbar-spacer" />
          <span className={`badge ${safeMode ? 'safe' : ''}`} title="Change in Settings">
            {safeMode ? 'Safe mode: read-only' : 'Safe mode off'}
          </span>
        </div>
        {consoleInfo?.warning && (
          <div className="warning" role="note" aria-label="Superuser warning">
            {consoleInfo.warning}
          </div>
        )}
        <SqlEditor
          viewRef={viewRef}
          commands={{ runCurrent, runAll }}
          schema={schema}
          initialText={STARTER_QUERIES[0].sql}
        />
        <ResultsPanel />
      </div>
      <SqlSidebar onOpen={openText} />
      {pendingConfirmation && (
        <ConfirmDialog
          title={pendingConfirmation.reasons.length > 1 ? 'Run these destructive statements?' : 'Run a destructive statement?'}
          message={pendingConfirmation.reason}
          confirmLabel="Run anyway"
          danger
          onCancel={() => {
            useSql.getState().dismissConfirmation();
            viewRef.current?.focus();
          }}
          onConfirm={() => {
            void useSql.getState().run(pendingConfirmation.submission, true);
            viewRef.current?.focus();
          }}
        />
      )}
    </section>
  );
}
