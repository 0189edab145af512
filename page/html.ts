/**
 * The page's HTML and style. The HTML is a fixed skeleton with semantic tables (caption, th
 * scope) whose bodies the script fills; text colours meet WCAG AA contrast (4.5:1) on their
 * backgrounds and every state is a word as well as a colour. Narrow screens (phones) scroll the
 * tables sideways inside their region, which is focusable for keyboard scrolling.
 */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const VIEWS = [
  { id: 'devices', title: 'Devices' },
  { id: 'map', title: 'Network map' },
  { id: 'routers', title: 'Routers' },
  { id: 'forwards', title: 'Forwards' },
  { id: 'history', title: 'History' },
] as const;

const table = (id: string, caption: string, columns: readonly string[]) => `
    <div class="scroll" tabindex="0" role="region" aria-label="${esc(caption)}">
      <table id="${id}">
        <caption>${esc(caption)}</caption>
        <thead><tr>${columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>
        <tbody></tbody>
      </table>
    </div>`;

export function pageHtml(network: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(network)} · dlan</title>
  <link rel="stylesheet" href="/app.css">
  <script type="module" src="/app.js"></script>
</head>
<body>
  <a class="skip" href="#main">Skip to the content</a>
  <header>
    <h1>${esc(network)}</h1>
    <p id="summary" role="status" aria-live="polite">Asking the routers…</p>
    <nav aria-label="Views">
      <ul>${VIEWS.map((v) => `<li><a href="#${v.id}">${v.title}</a></li>`).join('')}</ul>
    </nav>
  </header>
  <main id="main" tabindex="-1">
    <section id="devices" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <p class="search"><label for="device-search">Search devices</label>
        <input id="device-search" type="search" autocomplete="off" spellcheck="false" placeholder="name, address, MAC, router, site"></p>${table('devices-table', 'Every device on every router\'s LAN', ['Name', 'Addresses', 'MAC', 'Router', 'Site', 'Lease', 'Since', 'DNS names'])}
    </section>
    <section id="map" aria-labelledby="map-title">
      <h2 id="map-title">Network map</h2>
      <figure>
        <img id="map-img" alt="The overlay: routers and their links, coloured by state; the table below says the same in words." width="800" height="500">
        <figcaption>Green: up, OSPF Full. Amber: handshake fresh, OSPF not Full. Red: down. Grey: no report. Numbers: round-trip time.</figcaption>
      </figure>${table('links-table', 'Links between routers', ['Link', 'State', 'Round trip', 'What each end says'])}
    </section>
    <section id="routers" aria-labelledby="routers-title">
      <h2 id="routers-title">Routers</h2>${table('routers-table', 'Every router, from its agent (or its last commit status on the forge)', ['Router', 'Site', 'Applied', 'Age', 'State', 'Peers', 'OSPF', 'BFD', 'Agent up', 'Last error', 'File'])}
    </section>
    <section id="forwards" aria-labelledby="forwards-title">
      <h2 id="forwards-title">Forwards</h2>
      <p id="probe-note" class="note"></p>${table('forwards-table', 'Public ports and their backends', ['Public', 'Service', 'Backend', 'Health', 'PROXY', 'File'])}
    </section>
    <section id="history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>${table('history-table', 'The last reconciles across the fleet, newest first', ['When', 'Router', 'What', 'Outcome', 'Commit', 'Message'])}
    </section>
  </main>
  <footer>
    <p>Read-only. Changes go through the topology repo: <a id="repo-link" href="#">network.yaml</a>. <span id="updated"></span></p>
    <noscript><p>The tables need JavaScript; the same data is at <a href="/api/page">/api/page</a> (JSON).</p></noscript>
  </footer>
</body>
</html>
`;
}

export const PAGE_CSS = `
:root { --fg: #1b1b1b; --muted: #555555; --bg: #ffffff; --line: #d6d6d6; --head: #f3f5f8; --accent: #0b57a4;
  --ok: #17692c; --ok-bg: #e6f4ea; --warn: #7a4f00; --warn-bg: #fff4d6; --bad: #a61b1b; --bad-bg: #fde8e8; --unk: #4d4d4d; --unk-bg: #eeeeee; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, input:focus-visible, .scroll:focus-visible, main:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em; }
.skip:focus { left: .5em; }
header { padding: .8em 1em .2em; border-bottom: 1px solid var(--line); background: var(--head); }
h1 { margin: 0; font-size: 1.4em; }
h2 { font-size: 1.2em; margin: .2em 0 .6em; }
#summary { margin: .2em 0 .5em; color: var(--muted); }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .3em; margin: 0; padding: 0; }
nav a { display: inline-block; padding: .45em .8em; border-radius: 6px 6px 0 0; text-decoration: none; color: var(--fg); min-height: 44px; line-height: 1.9; }
nav a[aria-current="page"] { background: var(--bg); border: 1px solid var(--line); border-bottom-color: var(--bg); font-weight: 600; margin-bottom: -1px; }
main { padding: 1em; max-width: 1200px; }
section[hidden] { display: none; }
.scroll { overflow-x: auto; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: .93em; }
caption { text-align: left; padding: .5em .6em; color: var(--muted); caption-side: top; }
th, td { text-align: left; padding: .45em .6em; border-top: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--head); white-space: nowrap; }
td.addr, td.mono, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
td.addr span { display: block; white-space: nowrap; }
.state { display: inline-block; padding: .05em .5em; border-radius: 999px; font-weight: 600; white-space: nowrap; }
.state.ok { color: var(--ok); background: var(--ok-bg); }
.state.warn { color: var(--warn); background: var(--warn-bg); }
.state.bad { color: var(--bad); background: var(--bad-bg); }
.state.unknown { color: var(--unk); background: var(--unk-bg); }
.tag { display: inline-block; font-size: .8em; padding: 0 .4em; border: 1px solid currentColor; border-radius: 4px; color: var(--muted); }
.tag.static { color: var(--accent); }
.note, .muted { color: var(--muted); }
.search { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
.search input { flex: 1 1 16em; font: inherit; padding: .5em; border: 1px solid #767676; border-radius: 6px; min-height: 44px; }
figure { margin: 0 0 1em; }
#map-img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
figcaption { color: var(--muted); font-size: .9em; }
footer { padding: 1em; color: var(--muted); border-top: 1px solid var(--line); }
@media (max-width: 600px) { body { font-size: 14px; } main { padding: .6em; } th, td { padding: .4em; } }
`.trimStart();
