// The user's saved queries in the console's sidebar: open (in its own tab), rename, delete.
import { useState } from 'react';
import { useQueryTabs } from '../../stores/query-tabs-store';
import type { SavedQuery } from '../../../../shared/types';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { PromptDialog } from '../common/PromptDialog';

export function SavedQueries({ onOpened }: { onOpened(): void }) {
  const savedQueries = useQueryTabs((s) => s.savedQueries);
  const [renaming, setRenaming] = useState<SavedQuery | null>(null);
  const [deleting, setDeleting] = useState<SavedQuery | null>(null);
  const store = useQueryTabs.getState;

  return (
    <>
      <h3 className="sidebar-heading">Saved queries</h3>
      {savedQueries.length === 0 && <p className="muted pad small">Queries you keep with Save query appear here.</p>}
      <ul className="query-list" aria-label="Saved queries">
        {savedQueries.map((query) => (
          <li key={query.id} className="saved-query">
            <button
              type="button"
              className="query-item"
              title={query.sql}
              onClick={() => {
                store().openSaved(query);
                onOpened();
              }}
            >
              <span>{query.name}</span>
            </button>
            <span className="saved-query-actions">
              <button type="button" className="saved-query-action" aria-label={`Rename saved query ${query.name}`} title="Rename" onClick={() => setRenaming(query)}>
                Rename
              </button>
              <button type="button" className="saved-query-action" aria-label={`Delete saved query ${query.name}`} title="Delete" onClick={() => setDeleting(query)}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {renaming && (
        <PromptDialog
          title="Rename saved query"
          label="Name"
          initialValue={renaming.name}
          confirmLabel="Rename"
          onCancel={() => setRenaming(null)}
          onConfirm={(name) => {
            void store().renameSaved(renaming.id, name);
            setRenaming(null);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete "${deleting.name}"?`}
          message="The saved query is removed. A tab showing it keeps its text."
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            void store().deleteSaved(deleting.id);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}
