import { Component } from 'react';
import type { ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A query that answered no data at all: said plainly, with a way to try again. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="failure">
        <p>The gateway could not answer: {this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
