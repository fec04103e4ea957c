// What both pages share: requests to the workbench carrying its token, the folder's change
// events, and a visible line when something in the page itself goes wrong.

const token = document.querySelector('meta[name="drafter-token"]').content;

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
    return { ok: false, status: 0, data: { error: "连不上 drafter：工作台是否已经关闭？" } };
  }
  if (response.status === 403 && method !== "GET") {
    stop("这个页面是工作台上一次运行时打开的，请刷新页面后再操作（没保存的修改请先复制出来）。");
  }
  const isJSON = (response.headers.get("content-type") || "").includes("json");
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
  return (data && data.error) || "未知错误";
}

/** A line across the top of the page that stays: the page cannot go on as it is. */
function stop(text) {
  const line = document.getElementById("fatal");
  line.textContent = text;
  line.hidden = false;
}

const fatal = (message) => stop(`页面出错，请刷新后再试（${message}）`);
window.addEventListener("error", (event) => fatal(event.message));
window.addEventListener("unhandledrejection", (event) => fatal(String(event.reason)));
