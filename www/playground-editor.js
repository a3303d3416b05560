// The catalogue playground's JSON editor: CodeMirror 6 with the JSON language, the catalogue's
// JSON Schema for completion and hover (codemirror-json-schema), and the engine's problems as
// lint diagnostics. Not served as it is: `scripts/build-playground.mjs` bundles it (esbuild) with
// its npm imports into target/playground/editor.js, which the server mounts at /playground/.
// The page's own logic, www/playground.js, imports that bundle.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { json, jsonLanguage } from "@codemirror/lang-json";
import { HighlightStyle, ensureSyntaxTree, syntaxHighlighting, syntaxTree } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { hoverTooltip } from "@codemirror/view";
import { jsonCompletion, jsonSchemaHover, stateExtensions } from "codemirror-json-schema";
import { disableErrorLogging } from "best-effort-json-parser";

// codemirror-json-schema parses the text being typed with best-effort-json-parser, which logs
// every incomplete document to console.error; half-typed JSON is the normal case here.
disableErrorLogging();

/** Colours with at least 4.5:1 on the white editor background (WCAG AA). */
const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "0.875rem", backgroundColor: "#fff", color: "#1a1a1a" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-gutters": { backgroundColor: "#f3f4f6", color: "#4b5563", borderRight: "1px solid #d1d5db" },
  ".cm-activeLineGutter": { backgroundColor: "#e5e7eb", color: "#111827" },
  ".cm-activeLine": { backgroundColor: "#f5f8ff" },
  "&.cm-focused": { outline: "3px solid #1d4ed8", outlineOffset: "-3px" },
  ".cm-tooltip": { maxWidth: "32rem", color: "#1a1a1a", backgroundColor: "#fff" },
  ".cm6-json-schema-hover": { padding: "0.25rem 0.5rem" },
  ".cm-diagnosticText": { whiteSpace: "pre-wrap" },
});

/** Token colours of the JSON highlighter, all >= 4.5:1 on white and on the active line. */
const highlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.propertyName, color: "#0b4f8a" },
    { tag: tags.string, color: "#8a1c1c" },
    { tag: tags.number, color: "#0f5c2e" },
    { tag: [tags.bool, tags.null], color: "#6b21a8" },
    { tag: [tags.separator, tags.brace, tags.squareBracket], color: "#1a1a1a" },
  ]),
);

/** A JSON string literal's value (PropertyName text), or null when it is not valid JSON. */
function unquote(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** RFC 6901 reference tokens of a JSON Pointer ("" is the whole document). */
function tokens(pointer) {
  if (!pointer) return [];
  return pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const PUNCTUATION = new Set(["{", "}", "[", "]", ",", ":", "⚠"]);

const SCALARS = new Set(["String", "Number", "True", "False", "Null"]);

/**
 * Where a JSON Pointer's node is in the editor text: `{ from, to, keyFrom, scalar, found }`.
 * `from..to` is the value, `keyFrom` the start of its member name in an object. When part of the
 * path does not exist (a missing member, a broken document), the deepest node that does, with
 * `found: false`.
 */
export function locate(state, pointer) {
  const tree = ensureSyntaxTree(state, state.doc.length, 2000) ?? syntaxTree(state);
  let node = tree.topNode.firstChild; // the top value
  while (node && PUNCTUATION.has(node.name)) node = node.nextSibling;
  if (!node) return { from: 0, to: 0, keyFrom: 0, scalar: false, found: false };
  const at = (n, keyFrom = n.from) => ({ from: n.from, to: n.to, keyFrom, scalar: SCALARS.has(n.name) });
  let here = at(node);
  for (const token of tokens(pointer)) {
    let next = null;
    if (node.name === "Object") {
      for (let p = node.firstChild; p; p = p.nextSibling) {
        if (p.name !== "Property") continue;
        const key = p.getChild("PropertyName");
        if (key && unquote(state.sliceDoc(key.from, key.to)) === token) {
          let v = key.nextSibling;
          while (v && PUNCTUATION.has(v.name)) v = v.nextSibling;
          next = { node: v, key: p.from };
        }
      }
    } else if (node.name === "Array" && /^(0|[1-9]\d*)$/.test(token)) {
      let i = 0;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (PUNCTUATION.has(c.name)) continue;
        if (i++ === Number(token)) {
          next = { node: c, key: c.from };
          break;
        }
      }
    }
    if (!next) return { ...here, found: false };
    // A member whose value is missing (`"a": }` while typing): its name.
    if (!next.node) return { from: next.key, to: next.key, keyFrom: next.key, scalar: false, found: false };
    node = next.node;
    here = at(node, next.key);
  }
  return { ...here, found: true };
}

/** The JSON Pointer of the innermost member or element at `pos` (the reverse of `locate`). */
export function pointerAt(state, pos) {
  const tokens = [];
  for (let n = syntaxTree(state).resolveInner(pos, 1); n?.parent; n = n.parent) {
    if (n.name === "Property") {
      const key = n.getChild("PropertyName");
      const k = key ? unquote(state.sliceDoc(key.from, key.to)) : null;
      if (typeof k === "string") tokens.unshift(k);
    } else if (n.parent.name === "Array" && !PUNCTUATION.has(n.name)) {
      let i = 0;
      for (let c = n.parent.firstChild; c && c.from < n.from; c = c.nextSibling) if (!PUNCTUATION.has(c.name)) i++;
      tokens.unshift(String(i));
    }
  }
  return tokens.map((t) => `/${t.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/**
 * The catalogue's schema (draft 2020-12, `$defs`) as codemirror-json-schema's draft-07 library
 * resolves it: `definitions` and `#/definitions/` references. Otherwise no reference resolves
 * and nothing below the top level completes.
 */
function draft07(schema) {
  if (!schema || typeof schema !== "object") return undefined;
  const text = JSON.stringify(schema, (k, v) => (k === "$ref" && typeof v === "string" ? v.replace(/^#\/\$defs\//, "#/definitions/") : v));
  const { $defs, $schema, ...rest } = JSON.parse(text);
  return { ...rest, $schema: "http://json-schema.org/draft-07/schema#", definitions: $defs ?? rest.definitions };
}

/**
 * Creates the editor in a shadow root of `parent`. `label` names the text box for assistive technology;
 * `onChange(text)` is called on every edit, `onCursor({ pointer, line, column })` when the cursor
 * moves. Returns the small API the page uses.
 */
export function createEditor({ parent, doc, schema, label, onChange, onCursor }) {
  // In a shadow root: CodeMirror's styles (style-mod) are then a constructable stylesheet in
  // adoptedStyleSheets, which the page's `style-src 'self'` allows. On a document, style-mod
  // writes a <style> element, which that policy blocks.
  const root = parent.shadowRoot ?? parent.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        highlight,
        basicSetup,
        json(),
        lintGutter(),
        jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
        hoverTooltip(jsonSchemaHover()),
        stateExtensions(draft07(schema)),
        theme,
        // (No aria-describedby: an id reference cannot leave the shadow root.)
        // An explicit tabindex: axe counts a contenteditable as focusable content only with it.
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange?.(u.state.doc.toString());
          if (onCursor && (u.docChanged || u.selectionSet)) {
            const head = u.state.selection.main.head;
            const line = u.state.doc.lineAt(head);
            onCursor({ pointer: pointerAt(u.state, head), line: line.number, column: head - line.from + 1 });
          }
        }),
      ],
    }),
  });

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /** Problems as CodeMirror diagnostics: `{ from, to, severity, message }`. */
    setDiagnostics(list) {
      const len = view.state.doc.length;
      const clamp = (n) => Math.max(0, Math.min(n, len));
      view.dispatch(setDiagnostics(view.state, list.map((d) => ({ ...d, from: clamp(d.from), to: clamp(d.to) }))));
    },
    locate: (pointer) => locate(view.state, pointer),
    /** Selects `from..to`, scrolls it into view and focuses the editor. */
    select(from, to = from) {
      const len = view.state.doc.length;
      const a = Math.max(0, Math.min(from, len));
      const b = Math.max(0, Math.min(to, len));
      view.dispatch({ selection: { anchor: a, head: b }, scrollIntoView: true });
      view.focus();
    },
    /** The 1-based line and column of an offset, for messages. */
    lineCol(offset) {
      const line = view.state.doc.lineAt(Math.max(0, Math.min(offset, view.state.doc.length)));
      return { line: line.number, column: offset - line.from + 1 };
    },
  };
}
