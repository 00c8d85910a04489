'use strict';
/*
 * Writes test/fixtures/schemas/kubernetes.schema.json, the JSON Schema that test/start/deployment-manifests.spec.ts
 * validates every object of k8s/ against, from two published sources (test/fixtures/schemas/README.md pins them):
 *
 *   node scripts/vendor-manifest-schemas.js <Kubernetes swagger.json> <KEDA keda.sh_scaledobjects.yaml>
 *
 * Only the kinds k8s/ uses are kept (KINDS below), with every definition they reach. The transformation is
 * kubeconform's "standalone-strict" one: descriptions and x-kubernetes-* extensions go, IntOrString and Quantity
 * accept what YAML gives for them (a number or a string), and an object with listed properties admits no other:
 * the API server would drop an unknown field (a typo such as `readinesProbe`) without a word, so it fails here.
 * A new kind in k8s/: add it to KINDS and run this again.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('yaml');

const KINDS = {
  'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'v1/Secret': 'io.k8s.api.core.v1.Secret',
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'v1/PersistentVolumeClaim': 'io.k8s.api.core.v1.PersistentVolumeClaim',
  'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
  'autoscaling/v2/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'io.k8s.api.policy.v1.PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'io.k8s.api.networking.v1.NetworkPolicy',
  'keda.sh/v1alpha1/ScaledObject': 'sh.keda.v1alpha1.ScaledObject',
};
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const INT_OR_STRING = { anyOf: [{ type: 'string' }, { type: 'integer' }] };

/** The schema without descriptions and extensions, and closed where it lists its properties. */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  if (schema['x-kubernetes-int-or-string']) return INT_OR_STRING;
  const result = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key.startsWith('x-kubernetes-')) continue;
    // Under `properties` the keys are field names (one may be called `description`): keep them all.
    result[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([name, field]) => [name, strict(field)]))
        : strict(value);
  }
  if (result.properties && result.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields'])
    result.additionalProperties = false;
  return result;
}

function references(schema, found = new Set()) {
  if (schema === null || typeof schema !== 'object') return found;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') found.add(value.replace('#/definitions/', ''));
    else references(value, found);
  }
  return found;
}

const [swaggerPath, scaledObjectCrdPath] = process.argv.slice(2);
if (!swaggerPath || !scaledObjectCrdPath) {
  process.stderr.write('usage: node scripts/vendor-manifest-schemas.js <swagger.json> <keda.sh_scaledobjects.yaml>\n');
  process.exit(2);
}
const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8')).definitions;
const crd = parse(readFileSync(scaledObjectCrdPath, 'utf8'));
const scaledObject = crd.spec.versions.find((version) => version.name === 'v1alpha1').schema.openAPIV3Schema;
const available = {
  ...swagger,
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': INT_OR_STRING,
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { anyOf: [{ type: 'string' }, { type: 'number' }] },
  'sh.keda.v1alpha1.ScaledObject': {
    ...scaledObject,
    properties: { ...scaledObject.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } },
  },
};

const definitions = {};
const pending = Object.values(KINDS);
while (pending.length > 0) {
  const name = pending.pop();
  if (definitions[name]) continue;
  if (!available[name]) throw new Error(`no definition ${name}`);
  definitions[name] = strict(available[name]);
  pending.push(...references(definitions[name]));
}
const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
const target = join(__dirname, '..', 'test', 'fixtures', 'schemas', 'kubernetes.schema.json');
writeFileSync(
  target,
  `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $id: 'kubernetes', kinds: KINDS, definitions: sorted }, null, 1)}\n`,
);
process.stdout.write(`${Object.keys(sorted).length} definitions for ${Object.keys(KINDS).length} kinds in ${target}\n`);
