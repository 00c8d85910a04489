import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A Kubernetes object as `kubectl apply -k` would send it, with the file it came from. */
export interface RenderedObject {
  file: string;
  object: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    spec?: Record<string, unknown>;
  } & Record<string, unknown>;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { target?: Record<string, unknown>; patch?: string; path?: string }[];
}

/** One operation of a JSON 6902 patch, the kinds kustomize's inline patches take that k8s/ uses. */
interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The fields of kustomization.yaml this renderer applies; any other fails instead of being ignored. */
const UNDERSTOOD = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'patches']);
/** Kinds that live outside any namespace, whose metadata.namespace kustomize leaves alone. */
const CLUSTER_SCOPED = new Set(['Namespace']);

/**
 * Renders the kustomization in `directory` (relative to `root`) the way `kubectl kustomize` does for the subset
 * k8s/ uses: resources (files, or directories with their own kustomization, rendered first), `namespace` set on
 * every namespaced object, `images` rewriting the containers' image names, and `patches` given inline as JSON
 * 6902 operations (add, replace, remove) on the objects their target (kind, name) selects. No kustomize binary is reachable
 * offline from CI; a field outside that subset throws, so the rendering never silently differs from kubectl's.
 */
export function renderKustomization(root: string, directory: string): RenderedObject[] {
  const file = join(directory, 'kustomization.yaml');
  const kustomization = parse(readFileSync(join(root, file), 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((field) => !UNDERSTOOD.has(field));
  if (unknown.length > 0) throw new Error(`${file}: the renderer does not apply ${unknown.join(', ')}`);

  const objects = (kustomization.resources ?? []).flatMap((resource): RenderedObject[] => {
    const path = join(directory, resource);
    if (statSync(join(root, path)).isDirectory()) return renderKustomization(root, path);
    return parseAllDocuments(readFileSync(join(root, path), 'utf8')).map((document) => {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
      return { file: path, object: document.toJS() as RenderedObject['object'] };
    });
  });
  for (const patch of kustomization.patches ?? []) applyPatch(file, patch, objects);
  for (const { object } of objects) {
    if (kustomization.namespace && !CLUSTER_SCOPED.has(object.kind))
      object.metadata.namespace = kustomization.namespace;
    for (const container of podContainers(object)) {
      const image = kustomization.images?.find(
        ({ name }) => container.image === name || container.image.startsWith(`${name}:`),
      );
      if (!image) continue;
      const [name, tag] = container.image.split(':');
      container.image = `${image.newName ?? name}${(image.newTag ?? tag) ? `:${image.newTag ?? tag}` : ''}`;
    }
  }
  return objects;
}

function podContainers(object: RenderedObject['object']): { image: string }[] {
  const template = object.spec?.template as
    { spec?: { containers?: { image: string }[]; initContainers?: { image: string }[] } } | undefined;
  const pod = template?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])];
}

function applyPatch(
  file: string,
  patch: NonNullable<Kustomization['patches']>[number],
  objects: RenderedObject[],
): void {
  const { target = {}, patch: text } = patch;
  const unknownTarget = Object.keys(target).filter((field) => field !== 'kind' && field !== 'name');
  if (text === undefined || patch.path !== undefined || unknownTarget.length > 0) {
    throw new Error(`${file}: the renderer applies only inline JSON 6902 patches targeted by kind and name`);
  }
  const operations = parse(text) as PatchOperation[];
  const selected = objects.filter(
    ({ object }) =>
      (target.kind === undefined || object.kind === target.kind) &&
      (target.name === undefined || object.metadata.name === target.name),
  );
  if (selected.length === 0) throw new Error(`${file}: a patch targets ${JSON.stringify(target)}, which no object is`);
  for (const { object } of selected) for (const operation of operations) applyOperation(file, object, operation);
}

/** One JSON 6902 operation on `object`; a path that does not lead anywhere throws, as kustomize fails. */
function applyOperation(file: string, object: object, { op, path, value }: PatchOperation): void {
  const keys = path
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  let parent: unknown = object;
  for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
  if (typeof parent !== 'object' || parent === null || last === undefined) {
    throw new Error(`${file}: patch path ${path} does not exist`);
  }
  const container = parent as Record<string, unknown>;
  if (!['add', 'replace', 'remove'].includes(op)) {
    throw new Error(`${file}: the renderer does not apply the patch operation ${op}`);
  }
  if (op !== 'add' && !(last in container)) throw new Error(`${file}: patch ${op} ${path}: nothing there`);
  if (op === 'remove') Reflect.deleteProperty(container, last);
  else container[last] = value;
}
