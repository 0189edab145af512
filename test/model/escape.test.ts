import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapedColumn, escapeText } from '../../model/escape.js';

const e = suite('escapeText');
e('terminal escapes, newlines, carriage returns and bidi overrides become visible', () => {
  assert.is(escapeText('a\x1b[2Jb'), 'a\\x1b[2Jb');
  assert.is(escapeText('line\nfake'), 'line\\nfake');
  assert.is(escapeText('x\ry'), 'x\\ry');
  assert.is(escapeText('abc\u202edcba'), 'abc\\u202edcba');
  assert.is(escapeText('\x9b31m'), '\\x9b31m');
});
e('leaves ordinary text, tabs and non-Latin letters alone, and is idempotent', () => {
  assert.is(escapeText('r1.lan\tnäs 路由器'), 'r1.lan\tnäs 路由器');
  const once = escapeText('a\x1bb\nc');
  assert.is(escapeText(once), once);
});
e('a column moves right by what escaping adds before it', () => {
  assert.is(escapedColumn('\x1bab', 3), 6);
  assert.is(escapedColumn('abc', 3), 3);
});
e.run();
