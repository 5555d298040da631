// The console's query tabs: click to switch, double-click or F2 to rename, × or middle-click to
// close (asking first when the text is nowhere else), arrow keys move between tabs. A tab whose
// statement is running says so (aria-busy, a dot) while another tab is shown.
import { useState } from 'react';
import { useQueryTabs } from '../../stores/query-tabs-store';
import { useSql } from '../../stores/sql-store';
import { closingLosesText } from '../../lib/query-tabs';
import { CONSOLE_LIMITS } from '../../../../shared/api';
import type { QueryTab } from '../../../../shared/types';
import { ConfirmDialog } from '../common/ConfirmDialog';

export function QueryTabs({ onShown }: { onShown(): void }) {
  const { tabs, activeTabId, savedQueries } = useQueryTabs();
  const runs = useSql((s) => s.runs);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmClose, setConfirmClose] = useState<QueryTab | null>(null);
  const store = useQueryTabs.getState;

  const requestClose = (tab: QueryTab) => {
    const saved = savedQueries.find((q) => q.id === tab.savedQueryId);
    if (closingLosesText(tab, saved?.sql ?? null)) setConfirmClose(tab);
    else store().close(tab.id);
  };

  const focusTab = (id: string) => requestAnimationFrame(() => document.getElementById(`query-tab-${id}`)?.focus());

  const onTabKey = (event: React.KeyboardEvent, tab: QueryTab, index: number) => {
    const move = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
    if (move !== undefined || event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const target =
        event.key === 'Home' ? tabs[0] : event.key === 'End' ? tabs[tabs.length - 1] : tabs[(index + (move ?? 0) + tabs.length) % tabs.length];
      store().activate(target.id);
      focusTab(target.id);
    } else if (event.key === 'F2') {
      event.preventDefault();
      setRenaming(tab.id);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      requestClose(tab);
    }
  };

  return (
    <div className="query-tabs">
      <div className="query-tablist" role="tablist" aria-label="Query tabs">
        {tabs.map((tab, index) => {
          const active = tab.id === activeTabId;
          const running = !!runs[tab.id]?.runningId;
          return (
            <div key={tab.id} className={`query-tab${active ? ' active' : ''}`}>
              {renaming === tab.id ? (
                <input
                  className="query-tab-name"
                  aria-label="Tab name"
                  defaultValue={tab.title}
                  maxLength={CONSOLE_LIMITS.nameChars}
                  autoFocus
                  onFocus={(e) => e.target.select()}
                  onBlur={(e) => {
                    store().rename(tab.id, e.target.value);
                    setRenaming(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') e.currentTarget.blur();
                    if (e.key === 'Escape') {
                      e.currentTarget.value = tab.title;
                      e.currentTarget.blur();
                    }
                  }}
                />
              ) : (
                <button
                  type="button"
                  role="tab"
                  id={`query-tab-${tab.id}`}
                  aria-selected={active}
                  aria-controls="query-editor"
                  aria-busy={running}
                  tabIndex={active ? 0 : -1}
                  className="query-tab-title"
                  title={`${tab.title}${running ? ' (running)' : ''} — double-click or F2 to rename`}
                  onClick={() => {
                    if (active) return;
                    store().activate(tab.id);
                    onShown();
                  }}
                  onDoubleClick={() => setRenaming(tab.id)}
                  onAuxClick={(e) => e.button === 1 && requestClose(tab)}
                  onKeyDown={(e) => onTabKey(e, tab, index)}
                >
                  {tab.title}
                </button>
              )}
              <button type="button" className="query-tab-close" aria-label={`Close ${tab.title}`} title="Close tab" onClick={() => requestClose(tab)}>
                ×
              </button>
            </div>
          );
        })}
      </div>
      <button
        type="button"
        className="query-tab-new"
        aria-label="New query tab"
        title="New query tab"
        disabled={tabs.length >= CONSOLE_LIMITS.tabs}
        onClick={() => {
          store().newTab();
          onShown();
        }}
      >
        +
      </button>
      {confirmClose && (
        <ConfirmDialog
          title={`Close "${confirmClose.title}"?`}
          message={`Its text is not saved anywhere else. Use Save query first to keep it.${runs[confirmClose.id]?.runningId ? ' Closing it cancels its running statement.' : ''}`}
          confirmLabel="Close tab"
          danger
          onCancel={() => setConfirmClose(null)}
          onConfirm={() => {
            store().close(confirmClose.id);
            setConfirmClose(null);
            onShown();
          }}
        />
      )}
    </div>
  );
}
