"use strict";
// The upload page and the status page: plain fetch() against the upload API. A person is
// signed in by an emailed link; the session is an HttpOnly cookie this script never sees.

const FINAL = new Set(["published", "unpublished", "failed"]);

function explain(body, status) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
  return "that did not work (HTTP " + status + ")";
}

function say(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

async function call(url, options = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...options });
  const body = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

function setupSignIn(form) {
  const sent = document.getElementById("sign-in-sent");
  const error = document.getElementById("sign-in-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(sent, "");
    say(error, "");
    const email = document.getElementById("sign-in-email").value.trim();
    if (!email) return say(error, "Add your email address.");
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const answer = await call("/api/sign-in", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email }),
      });
      if (!answer.ok) return say(error, explain(answer.body, answer.status));
      const minutes = Math.round(answer.body.expires_in_seconds / 60);
      say(sent, `Check your inbox: we sent a sign-in link to ${email}. ` +
        `It works once, for ${minutes} minutes.`);
    } catch (failure) {
      say(error, "Could not reach HotStack: " + failure.message);
    } finally {
      button.disabled = false;
    }
  });
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

async function showUploads() {
  const answer = await call("/api/uploads?limit=50");
  if (!answer.ok) return;
  const list = document.getElementById("uploads");
  document.getElementById("uploads-empty").hidden = answer.body.items.length > 0;
  list.replaceChildren(
    ...answer.body.items.map((upload) => {
      const li = document.createElement("li");
      const title = upload.prompt.length > 80 ? upload.prompt.slice(0, 79) + "…" : upload.prompt;
      li.append(link("/uploads/" + encodeURIComponent(upload.upload_id), title), " ");
      const state = document.createElement("span");
      state.className = "state";
      state.textContent = "— " + upload.status.replace(/_/g, " ");
      li.append(state);
      if (upload.site_url) li.append(" · ", link(upload.site_url, "site"));
      else if (upload.preview_url) li.append(" · ", link(upload.preview_url, "preview"));
      if (upload.checkout_url) li.append(" · ", link(upload.checkout_url, "pay"));
      return li;
    }),
  );
}

function setupUploadForm(form, me) {
  const error = document.getElementById("form-error");
  document.getElementById("contact_email").value = me.email || "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(error, "");
    const file = document.getElementById("file").files[0];
    const prompt = document.getElementById("prompt").value.trim();
    if (!file || !prompt) return say(error, "Add a brief and say what site you want.");
    const data = new FormData();
    data.append("file", file);
    data.append("prompt", prompt);
    const email = document.getElementById("contact_email").value.trim();
    if (email) data.append("contact_email", email);
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const answer = await call("/api/upload", {
        method: "POST",
        body: data,
        headers: { "Idempotency-Key": crypto.randomUUID() },
      });
      if (!answer.ok) return say(error, explain(answer.body, answer.status));
      window.location.assign("/uploads/" + encodeURIComponent(answer.body.upload_id));
    } catch (failure) {
      say(error, "Could not reach HotStack: " + failure.message);
    } finally {
      button.disabled = false;
    }
  });
}

async function setupHome() {
  const answer = await call("/api/me");
  if (!answer.ok) {
    document.getElementById("sign-in").hidden = false;
    setupSignIn(document.getElementById("sign-in-form"));
    return;
  }
  document.getElementById("account").hidden = false;
  document.getElementById("who").hidden = false;
  document.getElementById("who-email").textContent = answer.body.email || answer.body.tenant;
  document.getElementById("sign-out").addEventListener("click", async () => {
    await call("/api/sign-out", { method: "POST" });
    window.location.assign("/");
  });
  setupUploadForm(document.getElementById("upload-form"), answer.body);
  await showUploads();
}

function showLink(id, href) {
  const item = document.getElementById(id);
  item.hidden = !href;
  if (href) item.querySelector("a").href = href;
}

function submissionsUrl(siteUrl) {
  // The build service serves the site and keeps what its forms received.
  const site = new URL(siteUrl);
  const slug = site.pathname.split("/").filter(Boolean).pop();
  return `${site.origin}/api/sites/${encodeURIComponent(slug)}/submissions.csv`;
}

function render(body) {
  document.getElementById("status").textContent = body.status.replace(/_/g, " ");
  document.getElementById("status").dataset.status = body.status;
  say(document.getElementById("error"), body.error || "");
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
  showLink("checkout", body.status === "awaiting_payment" ? body.checkout_url : null);
  const live = body.status === "published";
  showLink("site", live ? body.site_url : null);
  showLink("submissions", live && body.site_url ? submissionsUrl(body.site_url) : null);
  document.getElementById("changes").hidden = !(live || body.status === "awaiting_payment");
  const revisions = body.revisions || [];
  document.getElementById("revisions-section").hidden = !revisions.length;
  document.getElementById("revisions").replaceChildren(
    ...revisions.map((revision) => {
      const li = document.createElement("li");
      li.textContent = revision.prompt;
      return li;
    }),
  );
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

let following = false;

async function follow(uploadId) {
  if (following) return;
  following = true;
  try {
    await poll(uploadId);
  } finally {
    following = false;
  }
}

async function poll(uploadId) {
  const statusEl = document.getElementById("status");
  for (;;) {
    try {
      const answer = await call("/api/uploads/" + encodeURIComponent(uploadId));
      if (!answer.ok) {
        statusEl.textContent = answer.status === 401
          ? "sign in on the home page to see this upload"
          : explain(answer.body, answer.status);
        return;
      }
      render(answer.body);
      if (FINAL.has(answer.body.status)) return;
    } catch (failure) {
      statusEl.textContent = "reconnecting…";
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function setupRevisionForm(form, uploadId) {
  const error = document.getElementById("revision-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(error, "");
    const prompt = document.getElementById("revision-prompt").value.trim();
    if (!prompt) return say(error, "Say what should change.");
    const data = new FormData();
    data.append("prompt", prompt);
    const file = document.getElementById("revision-file").files[0];
    if (file) data.append("file", file);
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const answer = await call(`/api/uploads/${encodeURIComponent(uploadId)}/revisions`, {
        method: "POST",
        body: data,
        headers: { "Idempotency-Key": crypto.randomUUID() },
      });
      if (!answer.ok) return say(error, explain(answer.body, answer.status));
      form.reset();
      follow(uploadId);
    } catch (failure) {
      say(error, "Could not reach HotStack: " + failure.message);
    } finally {
      button.disabled = false;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("account")) setupHome();
  const match = window.location.pathname.match(/^\/uploads\/([^/]+)$/);
  if (match) {
    const uploadId = decodeURIComponent(match[1]);
    setupRevisionForm(document.getElementById("revision-form"), uploadId);
    follow(uploadId);
  }
});
