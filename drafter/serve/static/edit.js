// The editing page: the outline in CodeMirror, the draft beside it (rendered by the server a
// moment after typing stops), its problems, 字数 and minutes, the library, save and downloads.
import {
  call, getJSON, lang, ngettext, onFolderChange, postJSON, query, reason, t,
} from "./api.js";

const path = document.body.dataset.path;
const $ = (id) => document.getElementById(id);
const PREVIEW_DELAY = 300; // ms after the last keystroke

// CodeMirror's own words (its English ones are the keys), in the page's language: every phrase
// the bundled CodeMirror asks for (test_serve_language checks the bundle against this table).
const PHRASES = {
  Find: t("Find"), Replace: t("Replace"), next: t("next"), previous: t("previous"),
  all: t("all"), "match case": t("match case"), regexp: t("regexp"), "by word": t("by word"),
  replace: t("replace"), "replace all": t("replace all"), close: t("close"),
  "current match": t("current match"), "on line": t("on line"), "Go to line": t("Go to line"),
  go: t("go"), Diagnostics: t("Diagnostics"), "No diagnostics": t("No diagnostics"),
  "Folded lines": t("Folded lines"), "Unfolded lines": t("Unfolded lines"),
  "folded code": t("folded code"), unfold: t("unfold"), "Fold line": t("Fold line"),
  "Unfold line": t("Unfold line"), Completions: t("Completions"),
  "Control character": t("Control character"), "Selection deleted": t("Selection deleted"),
  // `$` stands for a number CodeMirror puts in
  "replaced $ matches": t("replaced $ matches"),
  "replaced match on line $": t("replaced match on line $"), to: t("to"),
};

const state = {
  version: null, // of the file as last read or saved
  saved: "", // its text
  asked: 0, // preview requests sent, and the latest shown
  shown: 0,
  timer: null,
  previewing: false, // a preview request is out; `again`: the text changed meanwhile
  again: false,
  css: "",
  library: [],
  line: 0, // the editor's cursor line, whose paragraphs the draft shows
};

const editor = DrafterEditor.create($("editor"), {
  onChange: () => {
    showDirty();
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, PREVIEW_DELAY);
  },
  onSave: () => save(),
  onCursor: (line) => showLine(line, true),
  phrases: PHRASES,
});

const dirty = () => editor.getText() !== state.saved;

function showDirty() {
  $("status").textContent = dirty() ? t("Unsaved changes") : t("Saved");
  $("status").classList.toggle("unsaved", dirty());
}

function notice(text, actions = []) {
  const box = $("notice");
  box.replaceChildren(text);
  for (const [label, act] of actions) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", () => {
      box.hidden = true;
      act();
    });
    box.append(button);
  }
  box.hidden = false;
}

// ---- the preview, problems and statistics -------------------------------------------------

async function refresh() {
  // One preview at a time from this page: a change meanwhile asks once more when it is back.
  if (state.previewing) {
    state.again = true;
    return;
  }
  state.previewing = true;
  try {
    await preview();
  } finally {
    state.previewing = false;
    if (state.again) {
      state.again = false;
      refresh();
    }
  }
}

async function preview() {
  const asked = ++state.asked;
  const { ok, status, data } = await postJSON("/api/preview", { path, text: editor.getText() });
  if (asked < state.shown) return; // a later answer is already shown
  state.shown = asked;
  if (status === 503) setTimeout(refresh, 2000); // the workbench was busy: ask again
  if (!ok) {
    showProblems(data.problems || [{ message: reason(data), severity: "error", here: false }]);
    return;
  }
  showPreview(data);
  showProblems(data.problems);
  showStats(data.stats, data.stale);
  editor.setHovers(data.figures);
}

function showPreview({ html, css, stale }) {
  const pane = $("preview-pane");
  const preview = $("preview");
  if (css && css !== state.css) {
    let style = $("speech-css");
    if (!style) {
      style = document.createElement("style");
      style.id = "speech-css";
      document.head.append(style);
    }
    style.textContent = css;
    state.css = css;
  }
  if (html !== null && html !== preview.dataset.html) {
    const top = pane.scrollTop; // the writer keeps their place in the draft
    preview.innerHTML = html;
    preview.dataset.html = html;
    fitPreview();
    pane.scrollTop = top;
    showLine(state.line, false);
  }
  preview.classList.toggle("stale", stale);
  preview.dataset.stale = stale;
  $("stale-note").hidden = !stale;
  $("stale-kept").hidden = html === null; // a draft shown from before the errors, or none yet
  $("stale-none").hidden = html !== null;
  if (stale && html === null) preview.replaceChildren();
}

/** Scale the A4 sheet to the pane's width. */
function fitPreview() {
  const sheet = $("preview").firstElementChild;
  if (!sheet) return;
  $("preview").style.zoom = 1;
  const room = $("preview-pane").clientWidth - 24;
  $("preview").style.zoom = Math.min(1, room / sheet.offsetWidth);
}
window.addEventListener("resize", fitPreview);

// ---- the draft beside its outline ---------------------------------------------------------
// Every block of the draft says which outline lines hold its words (data-lines, data-line):
// clicking one puts the cursor on its line; the cursor's line shades the blocks it made.

/** Shade the draft's blocks made from outline `line`; `reveal`: scroll to them if none shows. */
function showLine(line, reveal) {
  state.line = line;
  const preview = $("preview");
  for (const shaded of preview.querySelectorAll(".current")) shaded.classList.remove("current");
  const made = [...preview.querySelectorAll(`[data-lines~="${line}"]`)];
  for (const block of made) block.classList.add("current");
  if (reveal && made.length && !made.some(inView)) {
    made[0].scrollIntoView({ block: "center", inline: "nearest" });
  }
}

function inView(element) {
  const pane = $("preview-pane").getBoundingClientRect();
  const box = element.getBoundingClientRect();
  return box.bottom > pane.top && box.top < pane.bottom;
}

$("preview").addEventListener("click", (event) => {
  const from = event.target.closest("[data-line]");
  if (!from || !window.getSelection().isCollapsed) return; // selecting text to copy
  editor.moveTo(Number(from.dataset.line), Number(from.dataset.column));
});

// The severity words of the panel (the command line's stay English: editors read them).
const SEVERITY = { error: t("error"), warning: t("warning"), info: t("info") };

function showProblems(problems) {
  const list = $("problems");
  list.replaceChildren(...problems.map(problemItem));
  if (!problems.length) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = t("No problems found.");
    list.append(none);
  }
  const count = (severity) => problems.filter((p) => p.severity === severity).length;
  const counted = [
    ngettext("{n} error", "{n} errors", count("error")),
    ngettext("{n} warning", "{n} warnings", count("warning")),
    ngettext("{n} note", "{n} notes", count("info")),
  ].filter((_text, index) => count(["error", "warning", "info"][index]));
  $("problem-count").textContent = counted.length
    ? counted.reduce((list, item) => t("{list}, {item}", { list, item }))
    : "";
  editor.showProblems(problems.filter((p) => p.here));
}

function problemItem(problem) {
  const item = document.createElement("li");
  item.dataset.testid = "problem";
  item.className = problem.severity;
  const where = problem.here
    ? `${problem.line}:${problem.column}`
    : problem.cell
      ? `${problem.file}:${problem.cell}`
      : [problem.file, problem.line, problem.column].filter(Boolean).join(":");
  const button = document.createElement("button");
  button.type = "button";
  button.disabled = !problem.here;
  const parts = [
    ["where", where],
    ["severity", SEVERITY[problem.severity] || problem.severity],
    ["message", problem.path ? t("{path}: {message}", problem) : problem.message],
    ["rule", problem.rule ? `[${problem.rule}]` : ""],
  ];
  for (const [name, text] of parts) {
    const span = document.createElement("span");
    span.className = name;
    span.textContent = text;
    button.append(span, " ");
  }
  if (problem.here) {
    button.title = t("Go to this line");
    button.addEventListener("click", () => editor.moveTo(problem.line, problem.column));
  }
  item.append(button);
  return item;
}

function showStats(stats, stale) {
  const box = $("stats");
  if (stats.characters === null) {
    box.textContent = "";
    return;
  }
  let text = ngettext(
    "{characters} character · about {minutes} min",
    "{characters} characters · about {minutes} min",
    stats.characters,
    { characters: stats.characters.toLocaleString(lang), minutes: stats.minutes },
  );
  const target = stats.target_minutes;
  box.className = "stats";
  if (target) {
    text = t("{stats} (target {target} min)", { stats: text, target });
    if (stats.minutes > target * 1.1) box.classList.add("over");
    else if (stats.minutes < target * 0.5) box.classList.add("under");
  }
  box.textContent = text;
  box.classList.toggle("stale", stale);
}

// ---- the file: loading, saving, changes on disk -------------------------------------------

async function load() {
  const { ok, data } = await getJSON(`/api/file?path=${query(path)}`);
  if (!ok) {
    notice(t("This outline cannot be opened: {reason}", { reason: reason(data) }));
    return;
  }
  adopt(data);
  editor.setText(data.text);
  showDirty();
  await refresh();
  await loadLibrary();
}

function adopt({ text, version }) {
  state.saved = text;
  state.version = version;
}

async function save(force = false) {
  const text = editor.getText();
  $("status").textContent = t("Saving…");
  const { ok, status, data } = await postJSON("/api/save", {
    path, text, version: state.version, force,
  });
  if (ok) {
    adopt({ text, version: data.version });
    showDirty();
    return;
  }
  showDirty();
  if (status === 409) {
    notice(t("Another program changed this file after it was opened: it was not saved."), [
      [t("Load the file on disk (drop the changes here)"), reload],
      [t("Overwrite it with the text here"), () => save(true)],
    ]);
  } else {
    notice(t("Could not save: {reason}", { reason: reason(data) }));
  }
}

async function reload() {
  const { ok, data } = await getJSON(`/api/file?path=${query(path)}`);
  if (!ok) return notice(t("Could not load: {reason}", { reason: reason(data) }));
  adopt(data);
  editor.setText(data.text);
  showDirty();
}

/** The file changed on disk (another editor, or our own save): follow it, or ask. */
async function followDisk() {
  const { ok, data } = await getJSON(`/api/file?path=${query(path)}`);
  if (!ok) {
    notice(t("This file was moved or deleted; saving writes it again."));
    state.version = null;
    return;
  }
  if (data.version === state.version) return;
  if (data.text === editor.getText()) return adopt(data);
  if (!dirty()) {
    adopt(data);
    editor.setText(data.text);
    showDirty();
    notice(t("Another program changed this file; its new text is loaded."));
    return;
  }
  notice(t("Another program changed this file, and there are unsaved changes here."), [
    [t("Load the file on disk (drop the changes here)"), reload],
    [t("Keep the changes here"), () => {}],
  ]);
}

onFolderChange((event) => {
  if (event.outlines.includes(path)) followDisk();
  else if (event.other) refresh(); // a table or the office settings changed
});

window.addEventListener("beforeunload", (event) => {
  if (dirty()) event.preventDefault();
});

// ---- downloads of the text in the editor --------------------------------------------------

for (const link of [$("download-docx"), $("download-pdf")]) {
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    const format = link.dataset.format;
    const label = link.textContent;
    link.textContent = t("Making the draft…");
    const url = `/api/render?format=${format}&path=${query(path)}`;
    const { ok, data } = await call("POST", url, { path, text: editor.getText() });
    link.textContent = label;
    if (!ok) {
      const values = { format: format.toUpperCase(), reason: reason(data) };
      return notice(t("Could not make the {format}: {reason}", values));
    }
    const save = document.createElement("a");
    save.href = URL.createObjectURL(data);
    save.download = path.split("/").pop().replace(/\.ya?ml$/i, "") + "." + format;
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(save.href), 60_000);
  });
}

// ---- the library -------------------------------------------------------------------------

async function loadLibrary() {
  const { ok, data } = await getJSON(`/api/library?path=${query(path)}`);
  if (!ok) return;
  state.library = data;
  showLibrary();
}

function showLibrary() {
  const category = $("library-category").value;
  const words = $("library-search").value.trim();
  const chosen = state.library.filter(
    (entry) =>
      (!category || entry.category === category) &&
      (!words || [entry.id, entry.description, entry.text, ...entry.tags].join(" ").includes(words)),
  );
  $("library-list").replaceChildren(...chosen.map(libraryItem));
}

function libraryItem(entry) {
  const item = document.createElement("li");
  item.className = "entry";
  item.dataset.id = entry.id;
  const head = document.createElement("button");
  head.type = "button";
  head.className = "entry-head";
  head.innerHTML = '<code class="id"></code> <span class="category"></span><span class="description"></span>';
  head.querySelector(".id").textContent = entry.id;
  head.querySelector(".category").textContent = entry.category_name;
  head.querySelector(".description").textContent = entry.description;
  const body = document.createElement("div");
  body.className = "entry-body";
  body.hidden = true;
  const text = document.createElement("p");
  text.className = "entry-text";
  text.textContent = entry.text;
  body.append(text);
  if (entry.params.length) {
    const params = document.createElement("dl");
    params.className = "params";
    for (const param of entry.params) {
      const name = document.createElement("dt");
      name.textContent = param.name;
      const about = document.createElement("dd");
      const fallback =
        param.default === null
          ? t("required")
          : param.default
            ? t("default: {value}", { value: param.default })
            : t("optional");
      const values = { description: param.description, fallback };
      about.textContent = t("{description} ({fallback})", values);
      params.append(name, about);
    }
    body.append(params);
  }
  const insert = document.createElement("button");
  insert.type = "button";
  insert.className = "insert";
  insert.textContent = t("Insert at the cursor");
  insert.addEventListener("click", () => editor.insertSnippet(entry.snippet));
  body.append(insert);
  head.addEventListener("click", () => {
    body.hidden = !body.hidden;
    item.classList.toggle("open", !body.hidden);
  });
  item.append(head, body);
  return item;
}

$("library-category").addEventListener("change", showLibrary);
$("library-search").addEventListener("input", showLibrary);
$("save").addEventListener("click", () => save());

load();
