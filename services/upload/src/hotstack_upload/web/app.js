"use strict";
// The upload page and the status page: plain fetch() against the upload API.

const TOKEN_KEY = "hotstack.token";
const FINAL = new Set(["published", "unpublished", "failed"]);

function authHeaders() {
  return { Authorization: "Bearer " + (localStorage.getItem(TOKEN_KEY) || "") };
}

function explain(body, status) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
  return "the upload failed (HTTP " + status + ")";
}

function setupUploadForm(form) {
  const token = document.getElementById("token");
  const error = document.getElementById("form-error");
  token.value = localStorage.getItem(TOKEN_KEY) || "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const file = document.getElementById("file").files[0];
    const prompt = document.getElementById("prompt").value.trim();
    if (!token.value || !file || !prompt) {
      error.textContent = "Add your token, a brief and a prompt.";
      error.hidden = false;
      return;
    }
    localStorage.setItem(TOKEN_KEY, token.value.trim());
    const data = new FormData();
    data.append("file", file);
    data.append("prompt", prompt);
    const email = document.getElementById("contact_email").value.trim();
    if (email) data.append("contact_email", email);
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch("/api/upload", {
        method: "POST",
        body: data,
        headers: { ...authHeaders(), "Idempotency-Key": crypto.randomUUID() },
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        error.textContent = explain(body, response.status);
        error.hidden = false;
        return;
      }
      window.location.assign("/uploads/" + encodeURIComponent(body.upload_id));
    } catch (failure) {
      error.textContent = "Could not reach HotStack: " + failure.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
}

function showLink(id, href) {
  const item = document.getElementById(id);
  if (!href) return;
  item.querySelector("a").href = href;
  item.hidden = false;
}

function render(body) {
  document.getElementById("status").textContent = body.status.replace(/_/g, " ");
  document.getElementById("status").dataset.status = body.status;
  const error = document.getElementById("error");
  error.hidden = !body.error;
  error.textContent = body.error || "";
  const notes = document.getElementById("notes");
  notes.hidden = !(body.notes || []).length;
  notes.replaceChildren(
    ...(body.notes || []).map((note) => {
      const li = document.createElement("li");
      li.textContent = note;
      return li;
    }),
  );
  showLink("preview", body.preview_url);
  if (body.status === "awaiting_payment") showLink("checkout", body.checkout_url);
  if (body.status === "published") showLink("site", body.site_url);
  const list = document.getElementById("timeline");
  list.replaceChildren(
    ...body.timeline.map((item) => {
      const li = document.createElement("li");
      const time = document.createElement("time");
      time.dateTime = item.time;
      time.textContent = new Date(item.time).toLocaleTimeString();
      li.append(time, item.type.replace(/^hotstack\./, "").replace(/\.v\d+$/, ""));
      return li;
    }),
  );
}

async function follow(uploadId) {
  const statusEl = document.getElementById("status");
  for (;;) {
    try {
      const response = await fetch("/api/uploads/" + encodeURIComponent(uploadId), {
        headers: authHeaders(),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        statusEl.textContent = explain(body, response.status);
        return;
      }
      render(body);
      if (FINAL.has(body.status)) return;
    } catch (failure) {
      statusEl.textContent = "reconnecting…";
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (form) setupUploadForm(form);
  const match = window.location.pathname.match(/^\/uploads\/([^/]+)$/);
  if (match) follow(decodeURIComponent(match[1]));
});
