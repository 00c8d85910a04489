import { useState } from 'react';

/** Questions are 3 to 1000 characters on the gateways that take them (documents, RAG). */
const MAX_QUESTION = 1000;

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
