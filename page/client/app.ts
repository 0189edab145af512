/**
 * The home page in the browser: draws /api/page's data into the page's tables and keeps it live
 * over server-sent events (/api/stream; plain polling where EventSource is missing). Text from
 * the network (host names sent by DHCP clients) only ever goes in through textContent.
 */
import type { DeviceView, ForwardView, HistoryRow, LinkView, PageData, RepoFile, RouterView } from '../types.js';
import type { FleetRow } from '../../reconciler/fleet/view.js';

type Child = Node | string | undefined | false;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) e.append(c);
  return e;
}

const cell = (...children: Child[]) => el('td', {}, ...children);
const headCell = (...children: Child[]) => el('th', { scope: 'row' }, ...children);

/** 42 s, 5 min, 3 h, 2 d. */
export function age(s: number | undefined): string {
  if (s === undefined) return '–';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** As the map labels them (graph/layout-logical.ts formatRtt), with a space. */
const rtt = (ms: number | undefined) => (ms === undefined ? '–' : `${ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms)} ms`);

function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'unknown'): HTMLElement {
  return el('span', { class: `state ${tone}` }, text);
}

function fileLink(f: RepoFile | undefined): Child {
  if (!f) return undefined;
  const view = f.view ? el('a', { href: f.view }, f.path) : el('code', {}, f.path);
  return el('span', {}, view, f.edit ? ' ' : '', f.edit ? el('a', { href: f.edit, 'aria-label': `edit ${f.path} on the forge` }, 'edit') : '');
}

function fill(id: string, rows: HTMLElement[], empty: string, columns: number): void {
  const body = document.querySelector(`#${id} tbody`)!;
  body.replaceChildren(...(rows.length > 0 ? rows : [el('tr', {}, el('td', { colspan: String(columns), class: 'muted' }, empty))]));
}

function deviceRow(d: DeviceView): HTMLElement {
  const addrs = el('td', { class: 'addr' }, ...[...d.ipv4, ...d.ipv6].map((a) => el('span', {}, a)));
  const lease = d.static ? el('span', { class: 'tag static', title: 'a static lease in the topology repo' }, 'static') : el('span', { class: 'tag' }, d.sources.filter((s) => s !== 'static').join(', ') || 'dynamic');
  return el('tr', { 'data-router': d.router, 'data-static': String(d.static) },
    headCell(d.name ?? el('span', { class: 'muted' }, '(no name)')),
    addrs, el('td', { class: 'mono' }, d.mac ?? '–'), cell(d.router), cell(d.site ?? '–'),
    cell(lease, d.static && d.file ? ' ' : '', d.static ? fileLink(d.file) : undefined),
    cell(d.leaseAgeS !== undefined ? age(d.leaseAgeS) : '–'),
    el('td', { class: 'mono' }, d.dnsNames.join(' ') || '–'));
}

function matches(d: DeviceView, q: string): boolean {
  if (q === '') return true;
  const hay = [d.name, d.mac, d.router, d.site, ...d.ipv4, ...d.ipv6, ...d.dnsNames, d.static ? 'static' : 'dynamic'].filter(Boolean).join(' ').toLowerCase();
  return q.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

const LINK_TONE = { full: 'ok', fresh: 'warn', down: 'bad', unknown: 'unknown' } as const;
const LINK_WORD = { full: 'up', fresh: 'handshake, OSPF not Full', down: 'down', unknown: 'no report' } as const;

function linkRow(l: LinkView): HTMLElement {
  return el('tr', { 'data-link': `${l.a}-${l.b}`, 'data-state': l.state },
    headCell(`${l.a} – ${l.b}`), cell(badge(LINK_WORD[l.state], LINK_TONE[l.state])), cell(rtt(l.rttMs)),
    cell(...l.detail.map((d) => el('div', {}, d))));
}

function routerRow(r: FleetRow, v: RouterView | undefined): HTMLElement {
  const state = r.source === 'agent'
    ? r.suspended !== undefined ? badge('suspended', 'warn') : r.ready ? badge('ready', 'ok') : badge('not ready', 'bad')
    : r.source === 'forge' ? badge(`no answer (forge: ${r.forgeState ?? '?'})`, 'bad') : badge('no answer', 'bad');
  const message = r.suspended !== undefined ? `suspended: ${r.suspended}` : r.lastError ?? r.note ?? '';
  return el('tr', { 'data-router': r.router, 'data-source': r.source },
    headCell(r.router), cell(v?.place ?? v?.site ?? '–'), el('td', { class: 'mono' }, r.applied ? r.applied.commit.slice(0, 7) : '–'),
    cell(r.applied ? age(r.applied.ageS) : '–'), cell(state, v?.busy ? ` ${v.busy}…` : ''),
    cell(r.peersUp !== undefined ? `${r.peersUp}/${r.peersExpected}` : '–'), cell(r.ospf ?? '–'), cell(r.bfd ?? '–'),
    cell(age(v?.uptimeS)), cell(message.slice(0, 200)), cell(fileLink(v?.file)));
}

const HEALTH_TONE = { up: 'ok', down: 'bad', unknown: 'unknown' } as const;

function forwardRows(f: ForwardView): HTMLElement[] {
  return f.backends.map((b, i) => el('tr', { 'data-service': f.service, 'data-router': f.router },
    i === 0 ? el('th', { scope: 'row', rowspan: String(f.backends.length) }, `${f.router}:${f.port}/${f.protocol}`) : false,
    i === 0 ? el('td', { rowspan: String(f.backends.length) }, f.service, f.description ? el('div', { class: 'muted' }, f.description) : '') : false,
    el('td', { class: 'mono' }, `${b.name} (${b.address}:${b.port})`),
    cell(badge(b.health, HEALTH_TONE[b.health]), b.ms !== undefined ? ` ${rtt(b.ms)}` : '', b.error ? el('div', { class: 'muted' }, b.error) : ''),
    i === 0 ? el('td', { rowspan: String(f.backends.length) }, f.proxyProtocol ? 'yes' : 'no') : false,
    i === 0 ? el('td', { rowspan: String(f.backends.length) }, fileLink(f.file)) : false));
}

const OUTCOME_TONE = (o: string) => (o === 'success' || o === 'resumed' ? 'ok' : o === 'noop' ? 'unknown' : o === 'suspended' ? 'warn' : 'bad');

function historyRow(h: HistoryRow): HTMLElement {
  return el('tr', { 'data-router': h.router },
    headCell(el('time', { datetime: h.time, title: h.time }, `${age(h.ageS)} ago`)), cell(h.router), cell(h.kind + (h.reason ? ` (${h.reason})` : '')),
    cell(badge(h.outcome, OUTCOME_TONE(h.outcome))), el('td', { class: 'mono' }, h.commit?.slice(0, 7) ?? '–'),
    cell(h.message ?? (h.changes?.length ? `${h.changes.length} change(s): ${h.changes.slice(0, 3).join('; ')}` : '')));
}

let current: PageData | undefined;

function drawDevices(): void {
  if (!current) return;
  const q = (document.getElementById('device-search') as HTMLInputElement).value.trim();
  const shown = current.devices.filter((d) => matches(d, q));
  fill('devices-table', shown.map(deviceRow), q ? `No device matches “${q}”.` : 'No devices yet.', 8);
  document.querySelector('#devices-table caption')!.textContent = `${shown.length} of ${current.devices.length} devices on every router's LAN${q ? `, matching “${q}”` : ''}`;
}

export function draw(d: PageData): void {
  current = d;
  const ready = d.rows.filter((r) => r.source === 'agent' && r.ready).length;
  const down = d.links.filter((l) => l.state === 'down').length;
  document.getElementById('summary')!.textContent = `${ready} of ${d.rows.length} routers ready · ${d.devices.length} devices · ${down === 0 ? 'all links up' : `${down} link${down === 1 ? '' : 's'} down`} · commit ${d.commit?.slice(0, 7) ?? '–'} · served by ${d.servedBy}`;
  drawDevices();
  const img = document.getElementById('map-img') as HTMLImageElement;
  const src = `/api/map.svg?v=${d.mapVersion}`;
  if (img.getAttribute('src') !== src) img.setAttribute('src', src);
  fill('links-table', d.links.map(linkRow), 'No links.', 4);
  const views = new Map(d.routers.map((r) => [r.router, r]));
  fill('routers-table', d.rows.map((r) => routerRow(r, views.get(r.router))), 'No routers.', 11);
  document.getElementById('probe-note')!.textContent = d.probe;
  fill('forwards-table', d.forwards.flatMap(forwardRows), 'No port forwards.', 6);
  fill('history-table', d.history.map(historyRow), 'No reconciles recorded yet.', 6);
  const repo = document.getElementById('repo-link') as HTMLAnchorElement;
  repo.href = d.repo.network.edit ?? d.repo.network.view ?? d.repo.url ?? '#';
  repo.textContent = d.repo.url ?? d.repo.network.path;
  document.getElementById('updated')!.textContent = `Updated ${new Date(d.at * 1000).toLocaleTimeString()}.`;
  document.body.dataset.at = String(d.at);
}

function showView(): void {
  const ids = [...document.querySelectorAll('main > section')].map((s) => s.id);
  const want = location.hash.slice(1);
  const id = ids.includes(want) ? want : ids[0]!;
  for (const s of document.querySelectorAll<HTMLElement>('main > section')) s.hidden = s.id !== id;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (a.getAttribute('href') === `#${id}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function problem(message: string): void {
  document.getElementById('summary')!.textContent = message;
}

function live(): void {
  if (typeof EventSource === 'undefined') {
    const poll = async () => {
      try {
        const r = await fetch('/api/page');
        if (r.ok) draw(await r.json() as PageData);
        else problem(`The router answered ${r.status}: ${(await r.json() as { message?: string }).message ?? ''}`);
      } catch (e) {
        problem(`Lost the router: ${(e as Error).message}; retrying…`);
      }
    };
    void poll();
    setInterval(() => void poll(), 5000);
    return;
  }
  const es = new EventSource('/api/stream');
  es.addEventListener('page', (e) => draw(JSON.parse((e as MessageEvent<string>).data) as PageData));
  es.addEventListener('problem', (e) => problem((JSON.parse((e as MessageEvent<string>).data) as { message: string }).message));
  es.addEventListener('error', () => problem('Lost the router; reconnecting…'));
}

document.getElementById('device-search')!.addEventListener('input', drawDevices);
addEventListener('hashchange', () => { showView(); document.getElementById('main')!.focus(); });
showView();
live();
