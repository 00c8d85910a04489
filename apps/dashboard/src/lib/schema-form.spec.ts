import { describe, expect, it } from 'vitest';
import { fieldTitle, formSchema, formUiSchema, parametersToSend, placeApiErrors } from './schema-form';

const HEALTH_CHECK_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'HealthCheckParams',
  type: 'object',
  properties: {
    alert_threshold: { type: 'integer', minimum: 0, maximum: 100, default: 70 },
    detailed: { type: 'boolean', default: false },
    note: { type: 'string', maxLength: 1000 },
  },
  additionalProperties: false,
};

describe('flow schema → form', () => {
  it('drops the dialect marker and the class name, and titles each field from its name', () => {
    const schema = formSchema(HEALTH_CHECK_SCHEMA);
    expect(schema.$schema).toBeUndefined();
    expect(schema.title).toBeUndefined();
    expect(schema.properties?.alert_threshold).toEqual({
      title: 'Alert threshold',
      type: 'integer',
      minimum: 0,
      maximum: 100,
      default: 70,
    });
    expect(schema.additionalProperties).toBe(false);
  });

  it('keeps a title the schema gives', () => {
    const schema = formSchema({ type: 'object', properties: { qid: { type: 'string', title: 'Wikidata QID' } } });
    expect(schema.properties?.qid).toMatchObject({ title: 'Wikidata QID' });
  });

  it('turns names into words', () => {
    expect(fieldTitle('failing_step')).toBe('Failing step');
    expect(fieldTitle('maxItems')).toBe('Max items');
    expect(fieldTitle('auto-publish')).toBe('Auto publish');
  });

  it('gives long text fields a text area and hides the built-in submit button', () => {
    const ui = formUiSchema(formSchema(HEALTH_CHECK_SCHEMA));
    expect(ui.note).toEqual({ 'ui:widget': 'textarea' });
    expect(ui.detailed).toBeUndefined();
    expect(ui['ui:submitButtonOptions']).toEqual({ norender: true });
  });

  it('sends only the fields filled in', () => {
    expect(parametersToSend({ a: 1, b: undefined, c: '', d: false, e: null, f: [] })).toEqual({
      a: 1,
      d: false,
      f: [],
    });
    expect(parametersToSend(undefined)).toEqual({});
  });
});

describe("a 400's fields → errors at the form's fields", () => {
  const schema = formSchema({
    type: 'object',
    properties: { steps: { type: 'integer' }, items: { type: 'array', items: { type: 'object' } } },
  });

  it('places each named field, nested paths included', () => {
    const placed = placeApiErrors(
      {
        steps: ['steps must not be greater than 20'],
        'parameters.items[1].qid': ['qid must match Q…'],
      },
      schema,
    );
    expect(placed.byField).toEqual({
      steps: { __errors: ['steps must not be greater than 20'] },
      items: { 1: { qid: { __errors: ['qid must match Q…'] } } },
    });
    expect(placed.general).toEqual([]);
  });

  it('keeps unknown names as general errors that say which name', () => {
    const placed = placeApiErrors({ colour: ['is not a parameter of this flow'] }, schema);
    expect(placed.general).toEqual(['colour: is not a parameter of this flow']);
    expect(placed.byField).toEqual({});
  });
});
