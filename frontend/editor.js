// The one entry point bundled into drafter/serve/static/codemirror.js (see build.sh): CodeMirror 6
// with YAML, and the few operations the workbench page needs, as window.DrafterEditor.create.
// Everything the writer reads (messages, tooltips, CodeMirror's own phrases) comes from the page.

import { indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, hoverTooltip, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";

/** A position in the document from a 1-based line and column, clamped to what exists. */
function offset(doc, line, column) {
  const found = doc.line(Math.min(Math.max(line || 1, 1), doc.lines));
  return Math.min(found.from + Math.max((column || 1) - 1, 0), found.to);
}

/**
 * An editor in `parent` holding `text`. Options: onChange(text) after every edit, onSave()
 * on Ctrl/Cmd+S, onCursor(line) when the cursor moves to another line (1-based), phrases
 * (CodeMirror's own words, translated).
 */
export function create(
  parent,
  { text = "", onChange = () => {}, onSave = () => {}, onCursor = () => {}, phrases = {} },
) {
  let hovers = []; // [{from: line, to: line, html}] : a tooltip over those lines
  let cursorLine = 0; // the line onCursor last heard of

  const tooltip = hoverTooltip((view, pos) => {
    const line = view.state.doc.lineAt(pos).number;
    const found = hovers.find((h) => h.from <= line && line <= h.to);
    if (!found) return null;
    return {
      pos: view.state.doc.line(found.from).from,
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "figure-source";
        dom.textContent = found.text;
        return { dom };
      },
    };
  });

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        keymap.of([
          indentWithTab,
          { key: "Mod-s", preventDefault: true, run: () => (onSave(), true) },
        ]),
        yaml(),
        lintGutter(),
        tooltip,
        EditorState.phrases.of(phrases),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
          if (update.docChanged || update.selectionSet) {
            const { doc, selection } = update.state;
            const line = doc.lineAt(selection.main.head).number;
            if (line !== cursorLine) {
              cursorLine = line;
              onCursor(line);
            }
          }
        }),
      ],
    }),
  });

  return {
    view,
    getText: () => view.state.doc.toString(),

    /** Replace the whole text (a file reloaded from disk), keeping the cursor where it can. */
    setText(newText) {
      const head = Math.min(view.state.selection.main.head, newText.length);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: newText },
        selection: { anchor: head },
      });
    },

    /** Move the cursor to LINE:COL, scroll it to the middle of the view and focus the editor. */
    moveTo(line, column) {
      const pos = offset(view.state.doc, line, column);
      view.dispatch({
        selection: { anchor: pos },
        effects: EditorView.scrollIntoView(pos, { y: "center" }),
      });
      view.focus();
    },

    /** Insert a multi-line snippet at the cursor; its later lines take the cursor's indentation. */
    insertSnippet(snippet) {
      const { head } = view.state.selection.main;
      const line = view.state.doc.lineAt(head);
      const before = line.text.slice(0, head - line.from);
      const indent = /^\s*$/.test(before) ? before : before.match(/^\s*/)[0];
      const insert = snippet.replace(/\n$/, "").split("\n").join("\n" + indent);
      view.dispatch({
        changes: { from: head, insert },
        selection: { anchor: head + insert.length },
        scrollIntoView: true,
      });
      view.focus();
    },

    /** Mark problems in the text: [{line, column, severity, message}]. */
    showProblems(problems) {
      const doc = view.state.doc;
      const diagnostics = problems
        .filter((p) => p.line > 0)
        .map((p) => {
          const from = offset(doc, p.line, p.column);
          const to = p.column ? Math.max(from, doc.lineAt(from).to) : doc.lineAt(from).to;
          return { from, to, severity: p.severity, message: p.message };
        });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },

    /** Tooltips shown when hovering lines: [{from, to, text}] (1-based lines). */
    setHovers(list) {
      hovers = list;
    },

    /** The cursor's 1-based line and column. */
    cursor() {
      const { head } = view.state.selection.main;
      const line = view.state.doc.lineAt(head);
      return { line: line.number, column: head - line.from + 1 };
    },
  };
}
