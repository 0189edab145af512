/**
 * The `format`s the JSON Schemas use, checked with dlan's own address parsers. The generated
 * validators (schema-validators.generated.ts, by `npm run gen`) call these by name; `like` is
 * how an error names what was expected.
 */
import { parseIPv4, parseIPv6, parsePrefix } from './ip.js';

export const formatRules: Readonly<Record<string, { readonly test: (s: string) => boolean; readonly like: string }>> = {
  ipv4: { test: (s) => parseIPv4(s) !== undefined, like: 'an IPv4 address, e.g. 10.1.0.10' },
  ipv6: { test: (s) => parseIPv6(s) !== undefined, like: 'an IPv6 address, e.g. fd00:1::10' },
  ip: { test: (s) => parseIPv4(s) !== undefined || parseIPv6(s) !== undefined, like: 'an IPv4 or IPv6 address, e.g. 9.9.9.9' },
  'ipv4-prefix': { test: (s) => parsePrefix(s, 4) !== undefined, like: 'an IPv4 prefix, e.g. 10.1.0.0/24' },
  'ipv6-prefix': { test: (s) => parsePrefix(s, 6) !== undefined, like: 'an IPv6 prefix, e.g. fd00:1::/64' },
};

/** What the generated validators call: `schemaFormats.ipv4.validate(value)` (ajv's format definition). */
export const schemaFormats: Readonly<Record<string, { readonly validate: (s: string) => boolean }>> =
  Object.fromEntries(Object.entries(formatRules).map(([name, f]) => [name, { validate: f.test }]));
