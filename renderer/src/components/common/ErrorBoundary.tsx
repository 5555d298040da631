import { Component, type ReactNode } from 'react';

/** Last line of defence: a render bug shows a message and a reload button, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="center-screen">
        <div className="onboarding-card">
          <h1>Something broke in the window</h1>
          <p className="inline-error" role="alert">
            {this.state.error.message}
          </p>
          <button type="button" className="button primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}
