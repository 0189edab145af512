import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Command } from '../../cli/command.js';
import { loadCommands } from '../../cli/commands/index.js';
import { renderManPage, roff } from '../../packaging/man.js';

const exec = promisify(execFile);
const commands = await loadCommands();
const page = renderManPage(commands, { version: '9.9.9', date: '2026-12-02' });

/** The page as man shows it, unhyphenated on long lines (groff's warnings on stderr). */
async function formatted(source: string): Promise<{ text: string; warnings: string }> {
  const child = exec('groff', ['-man', '-Tutf8', '-ww', '-rHY=0', '-rLL=200n', '-P', '-cbou'], { maxBuffer: 8 << 20 });
  child.child.stdin!.end(source);
  const r = await child;
  return { text: r.stdout, warnings: r.stderr };
}

const man = suite('renderManPage');
man('groff formats it without a warning', async () => {
  const r = await formatted(page);
  assert.is(r.warnings, '');
  assert.match(r.text, 'DLAN(1)');
  assert.match(r.text, 'dlan 9.9.9');
  assert.match(r.text, '2026-12-02');
});
man('has every command with its usage and summary, and every option with its value and default', async () => {
  const text = (await formatted(page)).text.replace(/\s+/g, ' ');
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  for (const c of commands as Command[]) {
    assert.ok(text.includes(`dlan ${c.name}${Object.keys(c.options).length ? ' [options]' : ''}${c.args ? ` ${c.args}` : ''}`), c.name);
    assert.ok(text.includes(flat(c.summary)), `${c.name}: summary`);
    for (const [name, o] of Object.entries(c.options)) {
      const flags = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
      assert.ok(text.includes(flags), `${c.name} ${flags}`);
      assert.ok(text.includes(flat(o.description)), `${c.name} --${name}: description`);
      if (o.default !== undefined && o.default !== false) assert.ok(text.includes(`(default: ${String(o.default)})`), `${c.name} --${name}: default`);
    }
  }
});
man.run();

const escaping = suite('roff');
escaping('a line starting with a dot or quote is text, not a request; backslashes and hyphens survive', async () => {
  assert.is(roff(".hidden\n'quoted\na\\b --x"), "\\&.hidden\n\\&'quoted\na\\eb \\-\\-x");
  const r = await formatted(`.TH T 1\n.SH S\n${roff('.TH not a request\nC:\\path --flag')}\n`);
  assert.is(r.warnings, '');
  assert.match(r.text.replace(/\s+/g, ' '), '.TH not a request C:\\path --flag');
});
escaping.run();
