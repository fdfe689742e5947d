/**
 * What is wrong with RBAC objects of the input. Bad input never stops the analysis:
 * each problem is recorded with the object and the JSON path (so reports show
 * file:line), and the object is analysed as far as the authorizer itself would use
 * it. Where the API server would reject the object but the intent is clear (a lone
 * string where a list belongs), kzt keeps the grant, so a who-can answer errs on the
 * side of listing a subject rather than hiding one.
 */
import type { JsonPath, Resource } from '../model/types.js';

export type RbacProblemCode =
  | 'invalid-field'
  | 'rule-without-verbs'
  | 'rule-without-api-groups'
  | 'rule-mixes-resources-and-urls'
  | 'role-with-non-resource-urls'
  | 'binding-without-role-ref'
  | 'role-ref-invalid'
  | 'subject-invalid'
  | 'subject-matches-nobody'
  | 'aggregation-selector-invalid'
  | 'aggregated-rules-replaced';

export interface RbacProblem {
  code: RbacProblemCode;
  resource: Resource;
  path: JsonPath;
  message: string;
}

export type ProblemSink = (code: RbacProblemCode, path: JsonPath, message: string) => void;

export function sinkFor(resource: Resource | undefined, out: RbacProblem[]): ProblemSink {
  return (code, path, message) => {
    if (resource) out.push({ code, resource, path, message });
  };
}
