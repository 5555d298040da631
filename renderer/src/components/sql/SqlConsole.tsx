import { useEffect, useRef, useState } from 'react';
import { EditorView } from '@codemirror/view';
import { useSql, useTabRun } from '../../stores/sql-store';
import { useApp } from '../../stores/app-store';
import { toastInfo } from '../../stores/toast-store';
import { errorPositionToIndex, isBlankSql, statementAt } from '../../../../shared/sql-statements';
import { errorRangeAt, setErrorMark } from './editor-extensions';
import { SqlEditor } from './SqlEditor';
import { ResultsPanel } from './ResultsPanel';
import { SqlSidebar } from './SqlSidebar';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { STARTER_QUERIES } from './starter-queries';
import { QueryTabs } from './QueryTabs';
import { PromptDialog } from '../common/PromptDialog';
import { activeTab, useQueryTabs } from '../../stores/query-tabs-store';
import './console.css';

export function SqlConsole() {
  const viewRef = useRef<EditorView | null>(null);
  const schema = useSql((s) => s.schema);
  const consoleInfo = useSql((s) => s.consoleInfo);
  const safeMode = useApp((s) => s.appState?.settings.safeMode ?? false);
  const tabs = useQueryTabs();
  const tab = activeTab(tabs);
  // Run, Cancel and the confirmation act on the tab shown; other tabs' statements keep running.
  const { runningId, result, submission, pendingConfirmation } = useTabRun(tab?.id ?? null);
  const [naming, setNaming] = useState(false);

  useEffect(() => {
    void useSql.getState().loadSchema();
    void useSql.getState().loadHistory();
    void useSql.getState().loadConsoleInfo();
    void useQueryTabs.getState().load(STARTER_QUERIES[0].sql);
    // The last keystrokes before the window closes must not wait for the save delay.
    const flush = () => void useQueryTabs.getState().flush();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  const focusEditor = () => requestAnimationFrame(() => viewRef.current?.focus());

  // Underline the error position once a result with one arrives (or its tab is shown again).
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
    if (tab) void useSql.getState().run(tab.id, { sql, from });
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
            <button type="button" className="button danger" onClick={() => {
              if (tab) void useSql.getState().cancel(tab.id);
            }}>
              Cancel
            </button>
          )}
          <span className="toolbar-spacer" />
          <button type="button" className="button" onClick={() => setNaming(true)} disabled={!tab} title="Keep this tab's text under a name (Ctrl/Cmd+S)">
            Save query
          </button>
          <span className={`badge ${safeMode ? 'safe' : ''}`} title="Change in Settings">
            {safeMode ? 'Safe mode: read-only' : 'Safe mode off'}
          </span>
        </div>
        {consoleInfo?.warning && (
          <div className="warning" role="note" aria-label="Superuser warning">
            {consoleInfo.warning}
          </div>
        )}
        <QueryTabs onShown={focusEditor} />
        {tab ? (
          <SqlEditor
            viewRef={viewRef}
            commands={{ runCurrent, runAll, saveQuery: () => setNaming(true) }}
            schema={schema}
            tabId={tab.id}
            tabText={tab.sql}
            openTabIds={tabs.tabs.map((t) => t.id)}
            onTextChange={(id, text) => useQueryTabs.getState().setText(id, text)}
          />
        ) : (
          <div className="sql-editor muted pad">Opening your query tabs…</div>
        )}
        <ResultsPanel key={tab?.id} tabId={tab?.id ?? null} />
      </div>
      <SqlSidebar onOpen={openText} onOpenedSaved={focusEditor} />
      {naming && tab && (
        <PromptDialog
          title={tab.savedQueryId ? 'Save query (updates the saved one)' : 'Save query'}
          label="Name"
          initialValue={tab.title}
          confirmLabel="Save"
          onCancel={() => {
            setNaming(false);
            focusEditor();
          }}
          onConfirm={(name) => {
            void useQueryTabs.getState().saveTab(tab.id, name);
            setNaming(false);
            focusEditor();
          }}
        />
      )}
      {pendingConfirmation && tab && (
        <ConfirmDialog
          title={pendingConfirmation.reasons.length > 1 ? 'Run these destructive statements?' : 'Run a destructive statement?'}
          message={pendingConfirmation.reason}
          confirmLabel="Run anyway"
          danger
          onCancel={() => {
            useSql.getState().dismissConfirmation(tab.id);
            viewRef.current?.focus();
          }}
          onConfirm={() => {
            void useSql.getState().run(tab.id, pendingConfirmation.submission, true);
            viewRef.current?.focus();
          }}
        />
      )}
    </section>
  );
}
