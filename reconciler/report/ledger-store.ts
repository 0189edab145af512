/** Where the ledger lives: in memory (tests, one-shot `dlan apply`) or a JSON file under the state dir. */
import type { Host } from '../host.js';
import { emptyLedger, isLedger, type Ledger } from './ledger.js';
import { ReportError } from './status.js';

export interface LedgerStore {
  load(): Promise<Ledger>;
  save(l: Ledger): Promise<void>;
}

export function memoryLedgerStore(initial: Ledger = emptyLedger()): LedgerStore {
  let l = initial;
  return { load: async () => l, save: async (x) => { l = x; } };
}

/** `<stateDir>/statuses.json` by default. A missing file is an empty ledger; a corrupt one is an error. */
export function fileLedgerStore(host: Host, path = '/var/lib/dlan/statuses.json'): LedgerStore {
  return {
    async load() {
      const text = await host.readFile(path);
      if (text === undefined) return emptyLedger();
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        throw new ReportError('StateFileCorrupt', `${path}: ${(e as Error).message}`, { path });
      }
      if (!isLedger(v)) throw new ReportError('StateFileCorrupt', `${path}: not a dlan status ledger`, { path });
      return v;
    },
    save: (l) => host.writeFileAtomic(path, `${JSON.stringify(l, null, 1)}\n`, 0o644),
  };
}
