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

// Syntax modes by plumb's file kinds; INI-like mkosi files read as properties.
const modes = {
  dockerfile: dockerFile,
  compose: yaml,
  mkosi: properties,
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
});

// One editor per element, in the element's shadow root; `onChange(text)` gets the whole text
// after every change.
function create(parent, text, kind, onChange) {
  const syntax = new Compartment();
  const root = parent.shadowRoot || parent.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
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
        syntax.of(language(kind)),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        lintGutter(),
        look,
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": "File text", spellcheck: "false" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  view.plumbSyntax = syntax;
  // Tests and tools read and set the text through the element.
  parent.editorView = view;
  return view;
}

// Diagnostics (JSON) at plumb positions: 1-based lines and UTF-16 columns, the editor's
// units.
function showDiagnostics(view, json) {
  const diagnostics = JSON.parse(json);
  const doc = view.state.doc;
  const offset = (line, column) => {
    if (line > doc.lines) return doc.length;
    const { from, to } = doc.line(line);
    return Math.min(from + column - 1, to);
  };
  const marks = diagnostics.map((d) => {
    const from = offset(d.line, d.column);
    const to = Math.max(from, offset(d.endLine, d.endColumn));
    return { from, to, severity: d.severity, source: d.code, message: d.message };
  });
  view.dispatch(setDiagnostics(view.state, marks));
}

// Replaces the whole text (opening another file), keeping the editor.
function setText(view, text, kind) {
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    effects: view.plumbSyntax.reconfigure(language(kind)),
  });
}

window.plumbEditor = { create, showDiagnostics, setText };
