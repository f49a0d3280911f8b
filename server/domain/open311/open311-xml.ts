// GeoReport v2's XML format, mandatory in the specification and the only one some clients speak (FixMyStreet's
// Open311.pm). The answers are the JSON ones written as the specification's XML examples write them: a root element
// per resource, one child per list item, element names as the JSON keys, nested lists grouped the same way
// (<attributes><attribute>…<values><value>), null as an empty element.
import { XMLBuilder } from 'fast-xml-parser';

/** The root element of each kind of answer, and the element of one item of it. */
export const XML_ROOTS = {
  discovery: { root: 'discovery', item: null },
  services: { root: 'services', item: 'service' },
  definition: { root: 'service_definition', item: null },
  requests: { root: 'service_requests', item: 'request' },
  errors: { root: 'errors', item: 'error' },
} as const;
export type XmlRoot = keyof typeof XML_ROOTS;

/** Lists inside an item, each written as <key><child>…</child></key> (GeoReport v2's examples). */
const GROUPS: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

export const XML_TYPE = 'text/xml; charset=utf-8';

/** What XML 1.0 cannot carry: C0 controls but tab and newlines, U+FFFE/U+FFFF, and lone surrogates. */
const NOT_XML = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'g',
);

const builder = new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: true, format: false });

function node(key: string | null, v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) {
    const child = key ? GROUPS[key] : undefined;
    // A list nobody named a child for is not part of any GeoReport answer: written as repeated elements.
    return child ? { [child]: v.map((x) => node(null, x)) } : v.map((x) => node(null, x));
  }
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, node(k, x)]));
  }
  // XML 1.0 cannot carry most control characters, even escaped: a description pasted with one still reads.
  return String(v).replace(NOT_XML, '');
}

/** The XML document of a JSON answer: `body` is the object (discovery, definition) or the list (the rest). */
export function toXml(kind: XmlRoot, body: unknown): string {
  const { root, item } = XML_ROOTS[kind];
  const content = item ? { [item]: (Array.isArray(body) ? body : [body]).map((x) => node(null, x)) } : node(null, body);
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: content })}`;
}
