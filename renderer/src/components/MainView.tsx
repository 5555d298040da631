import { useState } from 'react';
import type { AppState } from '../../../shared/types';
import { useInspector } from '../stores/inspector-store';
import { UsersView } from './users/UsersView';
import { SqlConsole } from './sql/SqlConsole';
import { SettingsPanel } from './SettingsPanel';
import { JsonInspector } from './inspector/JsonInspector';
import { StatusBar } from './StatusBar';

type Tab = 'users' | 'sql' | 'settings';

const TABS: { id: Tab; label: string }[] = [
  { id: 'users', label: 'Users' },
  { id: 'sql', label: 'SQL console' },
  { id: 'settings', label: 'Settings' },
];

function instanceBadge({ provider }: AppState): string {
  if (!provider.linked) return 'Not linked';
  if (provider.demo) return `${provider.label} demo data`;
  const instance = provider.instance;
  if (!instance) return `${provider.label} linked`;
  return `${provider.label} ${instance.environment ?? instance.label}`;
}

export function MainView({ appState }: { appState: AppState }) {
  const [tab, setTab] = useState<Tab>('users');
  const inspectorOpen = useInspector((s) => s.target !== null);

  return (
    <div className="app-shell">
      <header className="top-bar">
        <span className="app-name">SerenDB Auth</span>
        <nav className="tabs" role="tablist" aria-label="Views">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-controls={`panel-${t.id}`}
              aria-selected={tab === t.id}
              className={tab === t.id ? 'active' : ''}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <span className="toolbar-spacer" />
        <span className={`badge env-${appState.provider.demo ? 'demo' : (appState.provider.instance?.environment ?? 'none')}`}>
          {instanceBadge(appState)}
        </span>
        {appState.database && (
          <span className="badge" title={appState.database.label}>
            {appState.database.kind === 'pglite' ? 'PGlite' : 'Postgres'}
          </span>
        )}
      </header>
      <div className={`workspace${inspectorOpen ? ' with-inspector' : ''}`}>
        {/* Views stay mounted so scroll position, editor text and results survive tab switches. */}
        <div className="tab-panel" role="tabpanel" id="panel-users" aria-labelledby="tab-users" hidden={tab !== 'users'}>
          <UsersView />
        </div>
        <div className="tab-panel" role="tabpanel" id="panel-sql" aria-labelledby="tab-sql" hidden={tab !== 'sql'}>
          <SqlConsole />
        </div>
        <div className="tab-panel scroll" role="tabpanel" id="panel-settings" aria-labelledby="tab-settings" hidden={tab !== 'settings'}>
          <SettingsPanel appState={appState} />
        </div>
        {inspectorOpen && <JsonInspector />}
      </div>
      <StatusBar />
    </div>
  );
}
