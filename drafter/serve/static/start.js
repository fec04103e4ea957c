// The start page: the folder's outlines (kept up to date), a new outline from a kind, and a
// speech dropped or chosen to become an outline.
import { call, getJSON, onFolderChange, postJSON, reason, t } from "./api.js";

const list = document.getElementById("outline-list");
const message = document.getElementById("message");
const dropZone = document.getElementById("drop-zone");
const fileInput = document.getElementById("speech-file");

const editLink = (path) => "/edit/" + path.split("/").map(encodeURIComponent).join("/");

async function refreshList() {
  const { ok, data } = await getJSON("/api/outlines");
  if (!ok) return;
  list.replaceChildren(
    ...data.map(({ path }) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = editLink(path);
      link.textContent = path;
      item.append(link);
      return item;
    }),
  );
  if (!data.length) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = t("This folder has no outlines yet.");
    list.append(empty);
  }
}

document.getElementById("new-outline").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const { ok, data } = await postJSON("/api/new", {
    kind: form.get("kind"),
    name: form.get("name").trim(),
  });
  if (ok) location.href = editLink(data.path);
  else message.textContent = t("Could not make the outline: {reason}", { reason: reason(data) });
});

async function extract(file) {
  message.textContent = t("Reading {name}…", { name: file.name });
  const url = "/api/extract?name=" + encodeURIComponent(file.name);
  const { ok, data } = await call("POST", url, file, "application/octet-stream");
  if (ok) location.href = editLink(data.path);
  else {
    const values = { name: file.name, reason: reason(data) };
    message.textContent = t("Could not make an outline of {name}: {reason}", values);
  }
}

fileInput.addEventListener("change", () => fileInput.files[0] && extract(fileInput.files[0]));
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("over");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("over"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("over");
  const file = event.dataTransfer.files[0];
  if (file) extract(file);
});

onFolderChange(refreshList);
