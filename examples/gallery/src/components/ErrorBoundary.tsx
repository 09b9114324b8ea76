import { Component } from 'react';
import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** A sentence for failures the person can act on (refusals.ts); the gateway's message otherwise. */
  explain?: (error: Error) => string | null;
}

interface State {
  error: Error | null;
}

/** A query that answered no data at all: said plainly, with a way to try again. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="failure">
        <p>{this.props.explain?.(this.state.error) ?? `The gateway could not answer: ${this.state.error.message}`}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
