// Shown in the browser when the page has no token, or the server refused it: how to get the
// right link, instead of a failed request's raw error.
import type { TokenProblem } from '../api/transport';

export function TokenNeeded({ problem }: { problem: TokenProblem }) {
  return (
    <main className="center-screen">
      <div className="onboarding-card">
        <h1>Open the link that seren-auth serve printed</h1>
        <p>
          {problem === 'missing'
            ? 'This page was opened without its access token, so it cannot reach your data.'
            : 'The server refused this page’s access token: seren-auth serve was probably restarted, and every run has a new one.'}
        </p>
        <p>
          When <code>seren-auth serve</code> starts, it prints a link that ends in <code>#token=…</code>, for example:
        </p>
        <pre className="mono">
          {'SerenDB Auth is running at:\n  http://127.0.0.1:PORT/#token=…'}
        </pre>
        <p className="muted small">
          Copy that whole link from the terminal into the address bar. The token only ever stays in this tab; it is never
          sent in a cookie, so other local servers never see it. No terminal at hand? Stop serve and start it again for a
          new link.
        </p>
      </div>
    </main>
  );
}
