// What both pages share: requests to the workbench carrying its token, the folder's change
// events, the page's words in its language, and a visible line when something in the page
// itself goes wrong.

const token = document.querySelector('meta[name="drafter-token"]').content;

// The page's language and its words: msgid → text, or for a plural message, its singular
// msgid → [form for one, form for more]; the server puts them in the page as JSON (empty for
// English, whose msgids these are). The catalogue finds the messages by t("…") and
// ngettext("…", "…", n): write them with literal strings.
export const lang = document.documentElement.lang;
const words = JSON.parse(document.getElementById("drafter-words").textContent);

/** `values` put into a message's {name} placeholders. */
const fill = (text, values) =>
  text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

/** `message` (English) in the page's language, with `values` in its placeholders. */
export function t(message, values = {}) {
  const found = words[message];
  return fill(typeof found === "string" ? found : message, values);
}

/** The form of a message for `n` (given to its placeholders as {n}, with `values`). */
export function ngettext(singular, plural, n, values = {}) {
  const forms = Array.isArray(words[singular]) ? words[singular] : [singular, plural];
  return fill(forms[Math.min(n === 1 ? 0 : 1, forms.length - 1)], { n, ...values });
}

/** A request to the workbench; resolves to {ok, status, data} (data: the JSON answer). */
export async function call(method, url, body, type = "application/json") {
  const options = { method, headers: { "X-Drafter-Token": token } };
  if (method !== "GET") {
    options.headers["Content-Type"] = type;
    options.body = type === "application/json" ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    const error = t("Cannot reach drafter: has the workbench been closed?");
    return { ok: false, status: 0, data: { error } };
  }
  const isJSON = (response.headers.get("content-type") || "").includes("json");
  // the guard's refusal (plain text): the page's token is of an earlier run
  if (response.status === 403 && method !== "GET" && !isJSON) {
    stop(
      t(
        "This page was opened by an earlier run of the workbench: reload it before going on " +
          "(copy out any unsaved changes first).",
      ),
    );
  }
  const data = isJSON ? await response.json() : await response.blob();
  return { ok: response.ok, status: response.status, data };
}

export const getJSON = (url) => call("GET", url);
export const postJSON = (url, body) => call("POST", url, body);

/** `path` ready for a query string. */
export const query = (path) => encodeURIComponent(path);

/** Calls handler({outlines, other, settings}) whenever files in the folder change. */
export function onFolderChange(handler) {
  const source = new EventSource("/api/events");
  source.onmessage = (event) => handler(JSON.parse(event.data));
  return source;
}

/** The first located problem of a failed answer, or its error, as one line. */
export function reason(data) {
  if (data && data.problems && data.problems.length) return data.problems[0].message;
  return (data && data.error) || t("unknown error");
}

/** A line across the top of the page that stays: the page cannot go on as it is. */
function stop(text) {
  const line = document.getElementById("fatal");
  line.textContent = text;
  line.hidden = false;
}

const fatal = (error) =>
  stop(t("Something went wrong in the page: reload it and try again ({error})", { error }));
window.addEventListener("error", (event) => fatal(event.message));
window.addEventListener("unhandledrejection", (event) => fatal(String(event.reason)));
