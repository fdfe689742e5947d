/**
 * Parsed documents to inventory resources: unwraps List kinds (kubectl get -o yaml),
 * skips what is not a Kubernetes object with a warning, and gives every object its
 * origin and a position resolver.
 */
import {
  isRecord,
  type JsonPath,
  type K8sObject,
  type ObjectRef,
  type Resource,
  type SourceLocation,
} from '../model/types.js';
import type { InputIssue } from './issues.js';
import type { ParsedDocument } from './parse-yaml.js';
import { locatePath, packedColumn, packedLine } from './positions.js';

/** Builds resources with increasing ids; shared across files so ids are unique per inventory. */
export class ResourceBuilder {
  private nextId = 0;
  readonly resources: Resource[] = [];
  readonly issues: InputIssue[] = [];

  addDocument(file: string, doc: ParsedDocument): void {
    const where: SourceLocation = { file, line: doc.line, column: doc.column };
    if (doc.helmSource !== undefined) where.helmSource = doc.helmSource;
    const v = doc.value;
    if (v === null || v === undefined) return; // an empty document, e.g. after a trailing ---
    if (!isRecord(v)) {
      this.warn(where, `document ${doc.index + 1} is not a mapping, so not a Kubernetes object; skipped`);
      return;
    }
    this.addObject(file, doc, v, [], where, 0);
  }

  private warn(location: SourceLocation, message: string): void {
    this.issues.push({ severity: 'warning', code: 'not-kubernetes', message, location });
  }

  private addObject(
    file: string,
    doc: ParsedDocument,
    obj: Record<string, unknown>,
    path: JsonPath,
    where: SourceLocation,
    depth: number,
  ): void {
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      const missing = [
        typeof apiVersion !== 'string' || apiVersion === '' ? 'apiVersion' : '',
        typeof kind !== 'string' || kind === '' ? 'kind' : '',
      ]
        .filter(Boolean)
        .join(' and ');
      this.warn(
        where,
        `document ${doc.index + 1} has no ${missing}, so it is not a Kubernetes object; skipped`,
      );
      return;
    }
    if (isListKind(kind) && Array.isArray(obj.items) && depth < 3) {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      obj.items.forEach((item, i) => {
        const itemPath = [...path, 'items', i];
        const at = this.positionOf(doc.value, itemPath, where);
        if (!isRecord(item)) {
          this.warn(at, `${kind} item ${i} is not an object; skipped`);
          return;
        }
        // Typed lists from the API (PodList) omit kind/apiVersion on their items.
        if (item.kind === undefined && itemKind) item.kind = itemKind;
        if (item.apiVersion === undefined && itemKind) item.apiVersion = apiVersion;
        this.addObject(file, doc, item, itemPath, at, depth + 1);
      });
      return;
    }
    const meta = obj.metadata;
    let name: string;
    if (isRecord(meta) && typeof meta.name === 'string' && meta.name !== '') name = meta.name;
    else if (isRecord(meta) && typeof meta.generateName === 'string' && meta.generateName !== '')
      name = `${meta.generateName}*`;
    else {
      name = `(unnamed ${kind} #${this.nextId})`;
      const raw = isRecord(meta) ? meta.name : undefined;
      const why =
        raw === undefined || raw === null || raw === ''
          ? 'has no metadata.name'
          : `metadata.name is not a string (found ${JSON.stringify(raw)}; unquoted yes/no/on/off/y/n are booleans and 0755 is a number in Kubernetes YAML, quote the name)`;
      this.issues.push({
        severity: 'warning',
        code: 'invalid-object',
        message: `${kind} ${why}; analysed as "${name}"`,
        location: where,
      });
    }
    const ref: ObjectRef = { apiVersion, kind, name };
    if (isRecord(meta) && typeof meta.namespace === 'string' && meta.namespace !== '')
      ref.namespace = meta.namespace;
    const object = obj as K8sObject;
    const root = doc.value;
    const prefix = path;
    this.resources.push({
      id: this.nextId++,
      ref,
      object,
      origin: where,
      documentPath: prefix,
      locate: (p: JsonPath) => this.positionOf(root, prefix.length === 0 ? p : [...prefix, ...p], where),
    });
  }

  private positionOf(root: unknown, path: JsonPath, fallback: SourceLocation): SourceLocation {
    const packed = locatePath(root, path);
    if (packed === undefined) return fallback;
    const loc: SourceLocation = {
      file: fallback.file,
      line: packedLine(packed),
      column: packedColumn(packed),
    };
    if (fallback.helmSource !== undefined) loc.helmSource = fallback.helmSource;
    return loc;
  }
}

function isListKind(kind: string): boolean {
  return kind === 'List' || (kind.endsWith('List') && kind.length > 4);
}
