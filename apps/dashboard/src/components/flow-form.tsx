import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { ApiRequestError } from '../api/client';
import { formSchema, formUiSchema, parametersToSend, placeApiErrors } from '../lib/schema-form';
import { serverValidator } from '../lib/server-validator';
import { ErrorNote } from './common';

export interface FlowFormProps {
  parametersSchema: Record<string, unknown>;
  /** Values to start from over the schema's defaults (a deployment's parameters). */
  initial?: Record<string, unknown>;
  submitLabel: string;
  /** Hidden when false: a viewer sees the form read-only, without the button it cannot use. */
  canSubmit: boolean;
  onSubmit: (parameters: Record<string, unknown>) => Promise<unknown>;
}

/**
 * A flow's parameter form, generated from its JSON schema (defaults filled in by the form library). The gateway
 * validates: a 400's `fields` are shown under the fields they name, the rest above the form.
 */
export function FlowForm(props: FlowFormProps) {
  const schema = useMemo<RJSFSchema>(() => formSchema(props.parametersSchema), [props.parametersSchema]);
  const uiSchema = useMemo(() => formUiSchema(schema), [schema]);
  const [formData, setFormData] = useState<Record<string, unknown> | undefined>(props.initial);
  const [fieldErrors, setFieldErrors] = useState<ErrorSchema | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    setGeneral([]);
    setFieldErrors(undefined);
    try {
      await props.onSubmit(parametersToSend(formData));
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 400 && Object.keys(error.fields).length > 0) {
        const placed = placeApiErrors(error.fields, schema);
        setFieldErrors(placed.byField);
        setGeneral(placed.general);
        setProblem(new Error('The flow rejected these parameters: fix the fields marked below.'));
      } else {
        setProblem(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const hasFields = Object.keys(schema.properties ?? {}).length > 0;
  return (
    <div className="flow-form">
      <ErrorNote error={problem} />
      {general.length > 0 && (
        <ul className="error-note">
          {general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {hasFields ? (
        <Form
          schema={schema}
          uiSchema={uiSchema}
          validator={serverValidator}
          formData={formData}
          extraErrors={fieldErrors}
          showErrorList={false}
          noHtml5Validate
          disabled={!props.canSubmit || busy}
          onChange={(event) => {
            setFormData(event.formData as Record<string, unknown>);
          }}
        />
      ) : (
        <p className="muted">This flow takes no parameters.</p>
      )}
      {props.canSubmit && (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => {
            void submit();
          }}
        >
          {busy ? 'Starting…' : props.submitLabel}
        </button>
      )}
    </div>
  );
}
