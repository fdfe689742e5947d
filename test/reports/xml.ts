/** Parsing helpers for the JUnit tests: a strict well-formedness check and a parser that keeps text as is. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export function assertWellFormed(xml: string): void {
  const v = XMLValidator.validate(xml);
  if (v !== true) throw new Error(`not well-formed: ${JSON.stringify(v.err)}`);
  // XML 1.0 forbids these even as character references; fast-xml-parser does not check.
  const forbidden =
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  if (forbidden.test(xml)) throw new Error('contains a character XML 1.0 forbids');
  if (/&#(0*([0-8]|1[1-2]|1[4-9]|2\d|3[01]));|&#x0*([0-8]|[bBcC]|[eEfF]|1[0-9a-fA-F]);/.test(xml))
    throw new Error('contains a reference to a character XML 1.0 forbids');
}

export function parseXml(xml: string) {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml);
}
