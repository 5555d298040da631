import { useEffect, useSyncExternalStore } from 'react';
import { currentTokenProblem, onTokenProblem } from './api/transport';
import { TokenNeeded } from './components/TokenNeeded';
import { connectEvents, useApp } from './stores/app-store';
import { Onboarding } from './components/Onboarding';
import { MainView } from './components/MainView';
import { Toasts } from './components/common/Toasts';

export function App() {
  const appState = useApp((s) => s.appState);
  const loadError = useApp((s) => s.loadError);
  const tokenProblem = useSyncExternalStore(onTokenProblem, currentTokenProblem);

  useEffect(() => {
    if (currentTokenProblem() === 'missing') return;
    const disconnect = connectEvents();
    void useApp.getState().load();
    return disconnect;
  }, []);

  let body: React.ReactNode;
  if (tokenProblem) {
    body = <TokenNeeded problem={tokenProblem} />;
  } else if (loadError && !appState) {
    body = (
      <main className="center-screen">
        <div className="onboarding-card">
          <h1>Cannot reach SerenDB Auth</h1>
          <p className="inline-error" role="alert">
            {loadError}
          </p>
          <button type="button" className="button primary" onClick={() => void useApp.getState().load()}>
            Retry
          </button>
        </div>
      </main>
    );
  } else if (!appState) {
    body = <main className="center-screen muted">Connecting…</main>;
  } else if (!appState.configured) {
    body = <Onboarding appState={appState} />;
  } else {
    body = <MainView appState={appState} />;
  }

  return (
    <>
      {body}
      <Toasts />
    </>
  );
}
