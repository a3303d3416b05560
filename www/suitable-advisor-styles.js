// The widget's stylesheet, adopted into its shadow root as a constructable stylesheet
// (`new CSSStyleSheet()` + `replaceSync`): no <style> element and no style attribute, so a page
// with `style-src 'self'` (no 'unsafe-inline') shows it without a CSP violation.
//
// Theming: every colour, the font and the radius are custom properties (`--suitable-*`, with a
// `--suitable-*-dark` twin used under `prefers-color-scheme: dark` or `theme="dark"`), and the
// main pieces are exposed as `::part()`s. See www/README.md for the list.
// The dark palette, once: used under prefers-color-scheme and under theme="dark".
const DARK = String.raw`
  --_bg: var(--suitable-bg-dark, #16181d);
  --_fg: var(--suitable-fg-dark, #eef0f4);
  --_muted: var(--suitable-muted-dark, #b9c0cc);
  --_border: var(--suitable-border-dark, #8a93a3);
  --_card: var(--suitable-card-bg-dark, #20242b);
  --_accent: var(--suitable-accent-dark, #8cc2ff);
  --_accent-fg: var(--suitable-accent-fg-dark, #0b1320);
  --_focus: var(--suitable-focus-dark, #8cc2ff);
  --_danger: var(--suitable-danger-dark, #ffb3ad);
  --_notice: var(--suitable-notice-bg-dark, #3a3210);
  --_notice-fg: var(--suitable-notice-fg-dark, #fff3c4);
  --_r1: var(--suitable-risk-1-dark, #1d4a2a);
  --_r2: var(--suitable-risk-2-dark, #34461a);
  --_r3: var(--suitable-risk-3-dark, #4d3d00);
  --_r4: var(--suitable-risk-4-dark, #5c2e0b);
  --_r5: var(--suitable-risk-5-dark, #5e1a1a);
  --_risk-fg: var(--suitable-risk-fg-dark, #ffffff);
`;

export const CSS = String.raw`
:host {
  --_font: var(--suitable-font-family, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif);
  --_radius: var(--suitable-radius, 0.5rem);
  --_bg: var(--suitable-bg, #ffffff);
  --_fg: var(--suitable-fg, #1a1d23);
  --_muted: var(--suitable-muted, #4a5160);
  --_border: var(--suitable-border, #7d8594);
  --_card: var(--suitable-card-bg, #f6f7f9);
  --_accent: var(--suitable-accent, #0b5cad);
  --_accent-fg: var(--suitable-accent-fg, #ffffff);
  --_focus: var(--suitable-focus, #0b5cad);
  --_danger: var(--suitable-danger, #a3201a);
  --_notice: var(--suitable-notice-bg, #fff6d6);
  --_notice-fg: var(--suitable-notice-fg, #3d3000);
  --_r1: var(--suitable-risk-1, #d7f0de);
  --_r2: var(--suitable-risk-2, #e4f1cf);
  --_r3: var(--suitable-risk-3, #fff0c2);
  --_r4: var(--suitable-risk-4, #ffe0c7);
  --_r5: var(--suitable-risk-5, #ffd9d9);
  --_risk-fg: var(--suitable-risk-fg, #1a1d23);
  display: block;
  box-sizing: border-box;
  min-width: 0;
  max-width: 100%;
  color: var(--_fg);
  background: var(--_bg);
  font-family: var(--_font);
  font-size: var(--suitable-font-size, 1rem);
  line-height: 1.5;
  border-radius: var(--_radius);
  color-scheme: light;
  container-type: inline-size;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
${DARK}
    color-scheme: dark;
  }
}
:host([theme="dark"]) {
${DARK}
  color-scheme: dark;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: inherit; }
[hidden] { display: none !important; }

.root { padding: 1rem; min-width: 0; overflow-wrap: anywhere; word-break: normal; }
h2, h3, h4, h5 { line-height: 1.25; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
.title { font-size: 1.25em; margin-bottom: 0.75rem; }
[part~="step-heading"] { margin-top: 0.25rem; }
h3 { font-size: 1.125em; }
h4 { font-size: 1.0625em; }
h5 { font-size: 1em; margin-top: 0.75rem; }
p { margin: 0 0 0.75rem; }
ul { margin: 0 0 0.75rem; padding-inline-start: 1.25rem; }
li { margin: 0.125rem 0; }
[tabindex="-1"]:focus { outline: none; }
[tabindex="-1"]:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
.status:empty { display: none; }
.status { font-weight: 600; margin: 0 0 0.75rem; }
.muted { color: var(--_muted); }
a { color: var(--_accent); text-underline-offset: 0.15em; }
.strong { font-weight: 600; }

button {
  font: inherit; color: inherit; cursor: pointer;
  min-height: 2.75rem; padding: 0.5rem 1rem; max-width: 100%;
  border: 2px solid var(--_accent); border-radius: var(--_radius);
  background: transparent; color: var(--_accent); font-weight: 600;
  text-align: center; white-space: normal; overflow-wrap: anywhere;
}
button.primary { background: var(--_accent); color: var(--_accent-fg); }
button.link {
  border: 0; padding: 0.25rem 0; min-height: 2.75rem; text-decoration: underline; text-align: start;
}
button:hover { filter: brightness(0.95); }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
button:focus-visible, input:focus-visible { outline: 3px solid var(--_focus); outline-offset: 3px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 1rem; }
.actions > button { flex: 1 1 10rem; }

.progress-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; margin-bottom: 0.75rem; }
.progress-row p { margin: 0; color: var(--_muted); font-weight: 600; }
progress {
  flex: 1 1 8rem; height: 0.5rem; appearance: none; -webkit-appearance: none;
  border: 1px solid var(--_border); border-radius: 999px; background: var(--_card); overflow: hidden;
}
progress::-webkit-progress-bar { background: var(--_card); }
progress::-webkit-progress-value { background: var(--_accent); }
progress::-moz-progress-bar { background: var(--_accent); }

fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
legend { font-size: 1.125em; font-weight: 700; padding: 0; margin-bottom: 0.5rem; line-height: 1.3; }
.hint { color: var(--_muted); }
.options { display: grid; gap: 0.5rem; }
.option {
  display: flex; align-items: flex-start; gap: 0.75rem; padding: 0.625rem 0.75rem;
  border: 1px solid var(--_border); border-radius: var(--_radius); cursor: pointer; min-height: 2.75rem;
}
.option:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
.option input { margin: 0.2rem 0 0; width: 1.25rem; height: 1.25rem; flex: none; accent-color: var(--_accent); }
.error { color: var(--_danger); font-weight: 600; margin-top: 0.75rem; }

.box { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.75rem 1rem; margin-bottom: 1rem; background: var(--_card); }
.notice { background: var(--_notice); color: var(--_notice-fg); border-color: currentColor; }
.profile-class { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; font-size: 1.125em; font-weight: 700; }
.badge {
  display: inline-block; padding: 0.125rem 0.5rem; border-radius: 999px; border: 1px solid currentColor;
  font-weight: 700; font-size: 1em; line-height: 1.4; white-space: nowrap;
}
.class-badge { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }

.switch-row { display: grid; gap: 0.25rem; margin-bottom: 1rem; }
.switch { display: inline-flex; align-items: center; gap: 0.75rem; font-weight: 600; cursor: pointer; min-height: 2.75rem; }
.switch input {
  appearance: none; -webkit-appearance: none; margin: 0; flex: none; cursor: pointer;
  width: 2.75rem; height: 1.5rem; border-radius: 999px; border: 2px solid var(--_border);
  background: var(--_card); position: relative;
}
.switch input::before {
  content: ""; position: absolute; top: 2px; inset-inline-start: 2px; width: 1rem; height: 1rem;
  border-radius: 50%; background: var(--_muted); transition: transform 0.15s;
}
.switch input:checked { background: var(--_accent); border-color: var(--_accent); }
.switch input:checked::before { background: var(--_accent-fg); transform: translateX(1.25rem); }
.switch input:checked:dir(rtl)::before { transform: translateX(-1.25rem); }
@media (prefers-reduced-motion: reduce) { .switch input::before { transition: none; } }

.cards { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: 1rem; }
.card {
  border: 1px solid var(--_border); border-radius: var(--_radius); padding: 1rem; background: var(--_card);
  min-width: 0;
}
.type { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; margin-bottom: 0.25rem; color: var(--_muted); font-weight: 600; }
.type-label { border: 1px solid var(--_border); border-radius: 0.25rem; padding: 0 0.375rem; color: var(--_fg); }
.risk { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; font-size: 1em; font-weight: 600; }
.risk-badge { color: var(--_risk-fg); }
.risk-R1 { background: var(--_r1); }
.risk-R2 { background: var(--_r2); }
.risk-R3 { background: var(--_r3); }
.risk-R4 { background: var(--_r4); }
.risk-R5 { background: var(--_r5); }
.meter { display: inline-flex; gap: 2px; }
.meter > span { width: 0.625rem; height: 0.875rem; border: 1px solid var(--_fg); border-radius: 2px; }
.meter > span.on { background: var(--_fg); }
dl.facts { margin: 0 0 0.75rem; }
dl.facts > div {
  display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem;
  padding: 0.25rem 0; border-top: 1px solid var(--_border);
}
dl.facts > div:last-child { border-bottom: 1px solid var(--_border); }
dl.facts dt { color: var(--_muted); }
dl.facts dd { margin: 0; font-weight: 600; margin-inline-start: auto; text-align: end; }
.disclosure { font-size: 0.9375em; border-inline-start: 3px solid var(--_border); padding-inline-start: 0.75rem; }
.excluded li { margin-bottom: 0.5rem; }
.section { margin-top: 1.5rem; }
@container (max-width: 22rem) {
  .root { padding: 0.75rem; }
  .card { padding: 0.75rem; }
}
@media (forced-colors: active) {
  .meter > span.on { background: CanvasText; }
  .switch input:checked { background: Highlight; }
}
`;
