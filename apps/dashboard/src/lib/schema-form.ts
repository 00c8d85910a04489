import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';

/**
 * A flow's `parametersSchema` (JSON Schema 2020-12 generated from its DTO, GET /api/flows) made ready for the
 * form library: the `$schema` dialect marker dropped (the form reads the subset every draft shares), a title per
 * field from its name when it has none, and the object's own title removed (the page shows the flow's name).
 */
export function formSchema(parametersSchema: Record<string, unknown>): RJSFSchema {
  const { $schema: _dialect, title: _title, ...schema } = parametersSchema;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const titled = Object.fromEntries(
    Object.entries(properties).map(([name, field]) => [name, { title: fieldTitle(name), ...field }]),
  );
  return { type: 'object', ...schema, properties: titled };
}

/** `alert_threshold` → `Alert threshold`, `maxItems` → `Max items`. */
export function fieldTitle(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Widgets by field shape: long free text in a text area, lists of strings one per line. */
export function formUiSchema(schema: RJSFSchema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (typeof field !== 'object') continue;
    if (field.type === 'string' && typeof field.maxLength === 'number' && field.maxLength > 200) {
      ui[name] = { 'ui:widget': 'textarea' };
    }
  }
  return ui;
}

/**
 * The parameters to send: fields left empty are dropped so the flow's own defaults apply (a cleared optional
 * number must not be sent as null, which the flow's validation would refuse).
 */
export function parametersToSend(formData: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(formData ?? {}).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  );
}

export interface PlacedErrors {
  /** Shown under each field the API named. */
  byField: ErrorSchema;
  /** Messages for names that are not fields of the form (an unknown parameter), shown above it. */
  general: string[];
}

/**
 * A 400's `fields` ({"steps": ["steps must not be greater than 20"], "parameters.colour": […]}) placed on the
 * form's fields: `parameters.` prefixes dropped, dotted and bracketed paths followed into nested fields; a name
 * the schema does not know is a general error, with its name.
 */
export function placeApiErrors(fields: Record<string, string[]>, schema: RJSFSchema): PlacedErrors {
  const byField: Record<string, unknown> = {};
  const general: string[] = [];
  for (const [name, messages] of Object.entries(fields)) {
    const path = name
      .replace(/^parameters\./, '')
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter((part) => part !== '');
    const known = path.length > 0 && Object.hasOwn(schema.properties ?? {}, path[0]);
    if (!known) {
      general.push(...messages.map((message) => (message.includes(name) ? message : `${name}: ${message}`)));
      continue;
    }
    let node = byField;
    for (const part of path) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node.__errors = [...((node.__errors as string[] | undefined) ?? []), ...messages];
  }
  return { byField: byField as ErrorSchema, general };
}
