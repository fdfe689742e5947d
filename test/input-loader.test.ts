import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml, loadManifests } from '../src/input/load.js';

function tmp(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kzt-load-'));
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

const POD = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n${extra}`;

describe('loading manifests', () => {
  it('reads directories recursively in a stable order, only manifest extensions', async () => {
    const dir = tmp({
      'b/two.yaml': POD('two'),
      'a/one.yml': POD('one'),
      'c/three.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three' } }),
      'README.md': '# not a manifest',
      'a/notes.txt': 'kind: Pod',
    });
    const r = await loadManifests([dir], { cwd: dir });
    expect(r.inventory.resources.map((x) => x.ref.name)).toEqual(['one', 'two', 'three']);
    expect(r.inventory.resources[0]!.origin.file).toBe(join('a', 'one.yml'));
    expect(r.files).toBe(3);
    expect(r.issues).toEqual([]);
  });

  it('keeps file, line and column for every object and field in a multi-document stream', () => {
    const text = `---\n# first\n${POD('a')}---\n\n${POD('b', '      securityContext:\n        privileged: true\n')}`;
    const { inventory } = inventoryFromYaml(text, 'multi.yaml');
    const [a, b] = inventory.resources;
    expect(a!.origin).toEqual({ file: 'multi.yaml', line: 3, column: 1 });
    expect(b!.origin.line).toBe(13);
    expect(b!.locate(['spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual({
      file: 'multi.yaml',
      line: 22,
      column: 9,
    });
    // A field that is absent resolves to its nearest existing ancestor.
    expect(b!.locate(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot']).line).toBe(21);
    expect(b!.locate(['spec', 'containers', 0]).line).toBe(19);
  });

  it('says why a name is missing when YAML 1.1 turned it into a boolean', () => {
    const { inventory, issues } = inventoryFromYaml(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n',
    );
    expect(inventory.resources).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/metadata.name is not a string \(found true;.*quote the name/);
  });

  it('applies YAML 1.1 scalars as Kubernetes does', () => {
    const { inventory } = inventoryFromYaml(
      `${POD('p')}  hostNetwork: yes\n  volumes:\n    - name: v\n      configMap:\n        name: cm\n        defaultMode: 0755\n`,
    );
    const spec = inventory.resources[0]!.object.spec as Record<string, unknown>;
    expect(spec.hostNetwork).toBe(true);
    expect((spec.volumes as Array<{ configMap: { defaultMode: number } }>)[0]!.configMap.defaultMode).toBe(
      0o755,
    );
  });

  it('unwraps List and typed *List kinds, keeping item positions and inferring item kinds', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${POD('x').replaceAll('\n', '\n  ').trimEnd()}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n`;
    const { inventory } = inventoryFromYaml(text);
    expect(inventory.resources.map((r) => `${r.ref.kind}/${r.ref.name}`)).toEqual(['Pod/x', 'ConfigMap/cm']);
    expect(inventory.resources[1]!.origin.line).toBe(12);
    expect(inventory.resources[0]!.locate(['spec', 'containers', 0, 'image']).line).toBe(11);
    const typed = inventoryFromYaml(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PodList',
        items: [{ metadata: { name: 'raw', namespace: 'ns' }, spec: {} }],
      }),
    );
    expect(typed.inventory.resources[0]!.ref).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'raw',
      namespace: 'ns',
    });
  });

  it('keeps the Helm template named by # Source: as the origin', () => {
    const text = `---\n# Source: shop/templates/deployment.yaml\n${POD('helm')}---\n# Source: shop/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n`;
    const { inventory } = inventoryFromYaml(text, 'rendered.yaml');
    expect(inventory.resources.map((r) => r.origin.helmSource)).toEqual([
      'shop/templates/deployment.yaml',
      'shop/templates/svc.yaml',
    ]);
    expect(inventory.resources[0]!.locate(['spec']).helmSource).toBe('shop/templates/deployment.yaml');
  });

  it('applies the defaults that change meaning', () => {
    const text = `${POD('p', '      ports:\n        - containerPort: 80\n')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  namespace: ignored\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector: {}\n  egress:\n    - ports:\n        - port: 53\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np2\nspec:\n  podSelector: {}\n  egress: []\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n`;
    const { inventory } = inventoryFromYaml(text);
    const [pod, ns, np, np2, svc] = inventory.resources;
    expect(pod!.ref.namespace).toBe('default');
    expect(ns!.ref.namespace).toBeUndefined();
    expect(((pod!.object.spec as any).containers[0].ports[0] as any).protocol).toBe('TCP');
    expect((np!.object.spec as any).policyTypes).toEqual(['Ingress', 'Egress']);
    expect((np!.object.spec as any).egress[0].ports[0].protocol).toBe('TCP');
    expect((np2!.object.spec as any).policyTypes).toEqual(['Ingress']);
    expect((svc!.object.spec as any).type).toBe('ClusterIP');
    expect((svc!.object.spec as any).ports[0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
  });

  it('uses the scope a CustomResourceDefinition declares and leaves unknown kinds alone', () => {
    const text = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    kind: Widget\n    plural: widgets\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: other.io/v1\nkind: Gadget\nmetadata:\n  name: g\n`;
    const { inventory, issues } = inventoryFromYaml(text);
    expect(inventory.ofKind('example.com', 'Widget')[0]!.ref.namespace).toBe('default');
    expect(inventory.ofKind('other.io', 'Gadget')[0]!.ref.namespace).toBeUndefined();
    expect(issues).toEqual([]);
  });

  it('reads stdin for -', async () => {
    const r = await loadManifests(['-'], {
      readStdin: async () => new TextEncoder().encode(POD('from-stdin')),
    });
    expect(r.inventory.resources[0]!.ref.name).toBe('from-stdin');
    expect(r.inventory.resources[0]!.origin.file).toBe('<stdin>');
  });

  it('renders a kustomization directory through the renderer and reports a missing kubectl clearly', async () => {
    const dir = tmp({ 'app/kustomization.yaml': 'resources: [pod.yaml]\n', 'app/pod.yaml': POD('k') });
    const rendered = await loadManifests([join(dir, 'app')], {
      cwd: dir,
      renderKustomize: async () => POD('rendered'),
    });
    expect(rendered.inventory.resources.map((r) => r.ref.name)).toEqual(['rendered']);
    expect(rendered.inventory.resources[0]!.origin.file).toBe('app (kustomize)');
    const failed = await loadManifests([join(dir, 'app')], {
      cwd: dir,
      renderKustomize: async (d) => {
        throw new Error(`${d} holds a kustomization file and rendering it needs kubectl on PATH`);
      },
    });
    expect(failed.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'kustomize', location: { file: 'app' } }),
    ]);
    const plain = await loadManifests([join(dir, 'app')], { cwd: dir, kustomize: false });
    expect(plain.inventory.resources.map((r) => r.ref.name)).toEqual(['k']);
  });
});

describe('positions of keys that are also Object.prototype names', () => {
  const { inventory } = inventoryFromYaml(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n  constructor: "1"\n  toString: "2"\n  "0": zero\n',
  );
  const r = inventory.resources[0]!;

  it('locates a key named like an inherited property where it is written', () => {
    expect(r.locate(['data', 'constructor'])).toMatchObject({ line: 6, column: 3 });
    expect(r.locate(['data', 'toString'])).toMatchObject({ line: 7, column: 3 });
    expect(r.locate(['data', '0'])).toMatchObject({ line: 8, column: 3 });
  });

  it('never takes an inherited property for a position: an absent key resolves to its parent', () => {
    expect(r.locate(['metadata', 'constructor'])).toMatchObject({ line: 3, column: 1 });
    expect(r.locate(['metadata', 'hasOwnProperty'])).toMatchObject({ line: 3, column: 1 });
    expect(r.locate(['metadata', '__proto__'])).toMatchObject({ line: 3, column: 1 });
    expect(r.locate(['metadata', 'name', 'length'])).toMatchObject({ line: 4, column: 3 });
  });
});
