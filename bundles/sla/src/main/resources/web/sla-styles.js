// Shadow DOM styles of the SLA components. Colours are custom properties so a host page can retheme
// them (--parley-sla-*); dark applies with prefers-color-scheme unless theme="light", or with theme="dark".

const LIGHT = `
  --bg: var(--parley-sla-bg, #ffffff); --fg: var(--parley-sla-fg, #1b1f24); --muted: #5b6470;
  --line: #d7dce2; --row: #f6f8fa; --focus: #0b5cd5;
  --ok-bg: #e3f4e8; --ok-fg: #11602c; --warn-bg: #fff2cc; --warn-fg: #7a4d00;
  --bad-bg: #fde3e3; --bad-fg: #a01515; --pause-bg: #e8eaf0; --pause-fg: #3d4552;`;

const DARK = `
  --bg: var(--parley-sla-bg, #15181d); --fg: var(--parley-sla-fg, #e6e9ee); --muted: #9aa4b1;
  --line: #343b45; --row: #1d2128; --focus: #6ea8ff;
  --ok-bg: #12361f; --ok-fg: #8fe0a8; --warn-bg: #3d3000; --warn-fg: #ffd666;
  --bad-bg: #4a1414; --bad-fg: #ff9b9b; --pause-bg: #2a2f38; --pause-fg: #c3cad4;`;

export const BASE = `
  :host { ${LIGHT} display: block; color: var(--fg); background: var(--bg);
    font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  @media (prefers-color-scheme: dark) { :host(:not([theme="light"])) { ${DARK} } }
  :host([theme="dark"]) { ${DARK} }
  :host([hidden]) { display: none; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  .state { display: inline-flex; align-items: center; gap: .35em; padding: .1em .55em; border-radius: 999px;
    font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
  .state[data-state="ON_TRACK"], .state[data-state="MET"] { background: var(--ok-bg); color: var(--ok-fg); }
  .state[data-state="WARNING"] { background: var(--warn-bg); color: var(--warn-fg); }
  .state[data-state="BREACHED"] { background: var(--bad-bg); color: var(--bad-fg); }
  .state[data-state="PAUSED"] { background: var(--pause-bg); color: var(--pause-fg); }
  .countdown { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
  .muted { color: var(--muted); }
  .error { color: var(--bad-fg); }
`;

export const BOARD = `
  :host { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
  header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; }
  h2 { font-size: 1.15rem; margin: 0; }
  .filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; }
  label { font-size: .85rem; color: var(--muted); display: inline-flex; gap: 6px; align-items: center; }
  select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 2px 6px; }
  .link { font-size: .8rem; }
  .link[data-up="true"]::before { content: "\\25CF  "; color: var(--ok-fg); }
  .link[data-up="false"]::before { content: "\\25CB  "; color: var(--bad-fg); }
  table { width: 100%; border-collapse: collapse; margin-top: 10px; }
  caption { text-align: left; color: var(--muted); font-size: .8rem; padding-bottom: 4px; }
  th { text-align: left; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
    border-bottom: 1px solid var(--line); padding: 6px 8px; }
  td { padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
  tbody tr:nth-child(even) { background: var(--row); }
  tbody tr[data-state="BREACHED"] td:first-child { box-shadow: inset 4px 0 0 var(--bad-fg); }
  tbody tr[data-state="WARNING"] td:first-child { box-shadow: inset 4px 0 0 var(--warn-fg); }
  tbody tr:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
  .subject { max-width: 32em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .tag { white-space: nowrap; }
  .tag .icon { display: inline-block; min-width: 1.3em; text-align: center; vertical-align: -0.12em; }
  tbody th { text-transform: none; font-size: inherit; letter-spacing: normal; color: var(--fg); }
  .empty { padding: 16px 8px; color: var(--muted); }
  .paging { margin: 8px 0 0; display: flex; gap: 12px; align-items: center; }
  .paging .more { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px;
    padding: 3px 10px; cursor: pointer; }
  .paging .more:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  section.figures { margin-top: 16px; }
  h3 { font-size: .95rem; margin: 0 0 4px; }
  .warning { color: var(--warn-fg); }
`;

export const BADGE = `
  :host { display: inline-block; background: transparent; }
  .badge { display: inline-flex; gap: .5em; align-items: center; flex-wrap: wrap; }
`;

export const RESPONSIVENESS = `
  :host { display: inline-block; background: transparent; }
  .text { font-weight: 600; }
  .warning { display: block; margin-top: 4px; color: var(--warn-fg); font-size: .85rem; }
`;

/** Adopts the styles into a shadow root (no inline <style>, so a strict page CSP keeps working). */
export function adopt(root, ...sheets) {
  try {
    root.adoptedStyleSheets = sheets.map((css) => { const s = new CSSStyleSheet(); s.replaceSync(css); return s; });
  } catch (e) {
    const style = document.createElement('style'); // older browsers without constructable stylesheets
    style.textContent = sheets.join('\n');
    root.append(style);
  }
}
