/** `npm run bench`: every benchmark in bench/, one after the other, printing figures. */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const skip = new Set(['index.js', 'synthetic.js', 'page-agent.js']);
for (const f of (await readdir(here)).filter((n) => n.endsWith('.js') && !skip.has(n)).sort()) {
  console.log(`\n== ${f.replace(/\.js$/, '')} ==`);
  const mod = (await import(`./${f}`)) as { main?: () => unknown };
  if (mod.main) await mod.main();
}
