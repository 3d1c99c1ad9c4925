// The web app's editor: CodeMirror 6 with line numbers, syntax colouring, undo, search and
// plumb's diagnostics (underlines, gutter markers, hover). The Rust app drives it through the
// small API on `window.plumbEditor`; everything is bundled into one module at build time.
import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import {
  StreamLanguage,
  syntaxHighlighting,
  defaultHighlightStyle,
  bracketMatching,
} from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { yaml } from "@codemirror/legacy-modes/mode/yaml";
import { properties } from "@codemirror/legacy-modes/mode/properties";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import { oneDark } from "@codemirror/theme-one-dark";

// The page follows the system's light or dark preference; so does the editor.
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
const colours = () => (darkScheme.matches ? oneDark : syntaxHighlighting(defaultHighlightStyle, { fallback: true }));

// Syntax modes by plumb's file kinds; INI-like mkosi files read as properties.
const modes = {
  dockerfile: dockerFile,
  compose: yaml,
  mkosi: properties,
  shell,
};

function language(kind) {
  const mode = modes[kind];
  return mode ? StreamLanguage.define(mode) : [];
}

// The editor's own look. Inside a shadow root CodeMirror's styles go into constructed
// style sheets, which the page's Content-Security-Policy allows (it forbids <style> elements
// it does not know the hash of, which is what CodeMirror adds to a document).
const look = EditorView.theme({
  "&": { height: "20rem", fontSize: "0.9rem" },
  ".cm-scroller": { fontFamily: "ui-monospace, monospace" },
  ".cm-tooltip code": { fontFamily: "ui-monospace, monospace", fontSize: "0.95em" },
  ".cm-plumb-rule": {
    font: "inherit",
    fontFamily: "ui-monospace, monospace",
    padding: "0 0.3em",
    border: "1px solid #8888",
    borderRadius: "3px",
    background: "transparent",
    color: "inherit",
    cursor: "pointer",
  },
});

// A message with its `code` spans as code, and the rule's code as a button that opens the
// rule's documentation.
function messageNode(diagnostic, onRule) {
  const node = document.createElement("span");
  diagnostic.message.split("`").forEach((part, index) => {
    const piece = document.createElement(index % 2 ? "code" : "span");
    piece.textContent = part;
    node.append(piece);
  });
  const rule = document.createElement("button");
  rule.className = "cm-plumb-rule";
  rule.textContent = diagnostic.code;
  rule.title = `About ${diagnostic.code}`;
  rule.addEventListener("click", () => onRule(diagnostic.code));
  node.append(" ", rule);
  return node;
}

// One editor per element, in the element's shadow root. `onChange(text)` gets the whole text
// after every change, `onFix(diagnostic, fix)` the indexes of a quick fix chosen, and
// `onRule(code)` the code of a rule whose documentation is asked for.
function create(parent, text, kind, onChange, onFix, onRule) {
  const theme = new Compartment();
  const root = parent.shadowRoot || parent.attachShadow({ mode: "open" });
  // A file's editing state: its text, its own undo history, its syntax.
  const stateOf = (text, kind) =>
    EditorState.create({
      doc: text,
      extensions: [
        // Only "\n" ends a line, so that a "\r" stays in the text plumb analyses.
        EditorState.lineSeparator.of("\n"),
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        language(kind),
        theme.of(colours()),
        lintGutter(),
        look,
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": "File text", spellcheck: "false" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    });
  const view = new EditorView({ parent: root, root, state: stateOf(text, kind) });
  view.plumbState = stateOf;
  darkScheme.addEventListener("change", () => view.dispatch({ effects: theme.reconfigure(colours()) }));
  view.plumbFix = onFix;
  view.plumbRule = onRule;
  // Tests and tools read and set the text through the element.
  parent.editorView = view;
  return view;
}

// The offset of a 1-based line and UTF-16 column (plumb's positions), within the text.
function offsetOf(doc, line, column) {
  if (line > doc.lines) return doc.length;
  const { from, to } = doc.line(line);
  return Math.min(from + column - 1, to);
}

// Diagnostics (JSON) at plumb positions: 1-based lines and UTF-16 columns, the editor's
// units.
function showDiagnostics(view, json) {
  const diagnostics = JSON.parse(json);
  const offset = (line, column) => offsetOf(view.state.doc, line, column);
  const marks = diagnostics.map((d) => {
    const from = offset(d.line, d.column);
    const to = Math.max(from, offset(d.endLine, d.endColumn));
    return {
      from,
      to,
      severity: d.severity,
      message: d.message,
      renderMessage: () => messageNode(d, view.plumbRule),
      actions: d.fixes.map((title, fix) => ({
        name: title,
        apply: () => view.plumbFix(d.index, fix),
      })),
    };
  });
  view.dispatch(setDiagnostics(view.state, marks));
}

// Gives the editor another file's text (another file opened, an example loaded, a fix
// applied) with a history of its own, so that undo never brings back another file's text.
// The page has the text already: this is not reported as a change.
function setText(view, text, kind) {
  view.setState(view.plumbState(text, kind));
}

// Replaces the text of the file the editor has (a quick fix applied) as one change, which
// undo takes back; only the part that differs is replaced, so the cursor stays where it was.
function replaceText(view, text) {
  const old = view.state.doc.toString();
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let end = 0;
  while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
  view.dispatch({ changes: { from: start, to: old.length - end, insert: text.slice(start, text.length - end) } });
}

// Selects a range given as plumb positions in the editor of `parent` and brings it into
// view, with the focus.
function select(parent, line, column, endLine, endColumn) {
  const view = parent.editorView;
  if (!view) return;
  const offset = (line, column) => offsetOf(view.state.doc, line, column);
  const anchor = offset(line, column);
  const head = Math.max(anchor, offset(endLine, endColumn));
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}

window.plumbEditor = { create, showDiagnostics, setText, replaceText, select };
