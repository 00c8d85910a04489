import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';

/** Questions are 3 to 1000 characters on the gateways that take them (documents, RAG). */
const MAX_QUESTION = 1000;

/** Passages asked for per question, on every page that asks one. */
const PASSAGES_PER_QUESTION = 5;

/** Asks `path` (a domain's query route) a question: `{question, k}` posted, its answer typed `A`. */
export function useAskQuestion<A>(path: string) {
  return useMutation({
    mutationFn: (question: string) => api<A>(path, { method: 'POST', body: { question, k: PASSAGES_PER_QUESTION } }),
  });
}

/** A question box with its Ask button, or a note when the role may not ask (asking is a POST: operators). */
export function QuestionForm(props: {
  placeholder: string;
  canAsk: boolean;
  pending: boolean;
  onAsk: (question: string) => void;
}) {
  const [question, setQuestion] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        props.onAsk(question.trim());
      }}
    >
      <textarea
        aria-label="Question"
        rows={2}
        maxLength={MAX_QUESTION}
        value={question}
        placeholder={props.placeholder}
        onChange={(event) => setQuestion(event.target.value)}
      />
      <div className="button-row">
        {props.canAsk ? (
          <button type="submit" className="primary" disabled={question.trim() === '' || props.pending}>
            {props.pending ? 'Asking…' : 'Ask'}
          </button>
        ) : (
          <span className="muted small">Asking needs the operator role.</span>
        )}
      </div>
    </form>
  );
}
