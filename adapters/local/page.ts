// The local web chat: one self-contained page (no build step, no external assets).
export const localChatPage = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Watchkeeper 本地聊天</title>
<style>
  :root { --bg:#f4f5f7; --card:#fff; --ink:#1d2330; --muted:#6b7280; --accent:#1f6feb; --bot:#eef4ff; --warn:#b42318; }
  * { box-sizing: border-box; }
  body { margin:0; font: 15px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background:var(--bg); color:var(--ink); }
  header { display:flex; gap:12px; align-items:center; padding:10px 16px; background:#111827; color:#fff; flex-wrap:wrap; }
  header h1 { font-size:16px; margin:0 12px 0 0; }
  header label { font-size:13px; opacity:.85; }
  select, input, textarea, button { font:inherit; }
  header select { padding:4px 6px; border-radius:6px; border:0; }
  main { max-width:900px; margin:0 auto; padding:12px 16px 120px; }
  .msg { background:var(--card); border-radius:10px; padding:8px 12px; margin:8px 0; box-shadow:0 1px 2px rgba(0,0,0,.06); white-space:pre-wrap; }
  .msg.bot { background:var(--bot); }
  .msg.private { border:1px dashed var(--accent); }
  .meta { font-size:12px; color:var(--muted); margin-bottom:2px; }
  .buttons { display:flex; gap:6px; flex-wrap:wrap; margin-top:6px; }
  .buttons button { border:1px solid var(--accent); background:#fff; color:var(--accent); border-radius:6px; padding:3px 10px; cursor:pointer; }
  .buttons button.primary { background:var(--accent); color:#fff; }
  .buttons button.danger { border-color:var(--warn); color:var(--warn); }
  footer { position:fixed; bottom:0; left:0; right:0; background:#fff; border-top:1px solid #e5e7eb; padding:10px 16px; }
  footer form { max-width:900px; margin:0 auto; display:flex; gap:8px; }
  footer input { flex:1; padding:8px 10px; border:1px solid #d1d5db; border-radius:8px; }
  footer button { padding:8px 16px; border:0; background:var(--accent); color:#fff; border-radius:8px; cursor:pointer; }
  #error { color:var(--warn); max-width:900px; margin:4px auto 0; font-size:13px; min-height:1em; }
  dialog { border:0; border-radius:12px; padding:20px; width:min(480px, 92vw); }
  dialog label { display:block; margin:10px 0 4px; font-size:13px; color:var(--muted); }
  dialog select, dialog input, dialog textarea { width:100%; padding:6px 8px; border:1px solid #d1d5db; border-radius:6px; }
  dialog menu { display:flex; justify-content:flex-end; gap:8px; padding:0; margin:16px 0 0; }
  .empty { color:var(--muted); text-align:center; margin-top:40px; }
</style>
</head>
<body>
<header>
  <h1>Watchkeeper</h1>
  <label>身份 <select id="person" aria-label="person"></select></label>
  <label>会话 <select id="channel" aria-label="channel"></select></label>
  <span id="status" style="font-size:12px;opacity:.7"></span>
</header>
<main id="messages" aria-live="polite"></main>
<footer>
  <form id="composer">
    <input id="text" autocomplete="off" placeholder="输入消息或命令，例如 /report intrusion major 官网被篡改 或 /help" aria-label="message">
    <button type="submit">发送</button>
  </form>
  <div id="error" role="alert"></div>
</footer>
<dialog id="formDialog"><form method="dialog" id="formBody"></form></dialog>
<script>
const $ = (id) => document.getElementById(id);
const state = { person: localStorage.wkPerson || "", channel: localStorage.wkChannel || "" };
let shownForm = null;

async function api(path, body) {
  const res = await fetch(path, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

async function loadRoster() {
  const r = await api("/local/api/roster");
  $("person").innerHTML = r.people.map((p) => '<option value="' + p.id + '">' + esc(p.name) + " (" + esc(p.id) + ")</option>").join("");
  $("channel").innerHTML = r.groups.map((g) => '<option value="' + g.id + '">' + esc(g.name) + "</option>").join("") + '<option value="dm">与机器人私聊</option>';
  if (r.people.some((p) => p.id === state.person)) $("person").value = state.person; else state.person = $("person").value;
  if ([...$("channel").options].some((o) => o.value === state.channel)) $("channel").value = state.channel; else state.channel = $("channel").value;
  if (!r.people.length) $("messages").innerHTML = '<p class="empty">名录为空：运行 <code>npx watchkeeper org import examples/org.yaml</code> 后刷新。</p>';
}

function esc(s) { return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]); }

async function refresh() {
  if (!state.person || !state.channel) return;
  const r = await api("/local/api/messages?person=" + encodeURIComponent(state.person) + "&channel=" + encodeURIComponent(state.channel));
  const box = $("messages");
  box.innerHTML = r.messages.map((m) => {
    const buttons = (m.buttons || []).map((row) => '<div class="buttons">' + row.map((b) =>
      '<button data-msg="' + m.id + '" data-action="' + esc(b.actionId) + '" data-input="' + esc(b.input ? b.input.label : "") + '" class="' + (b.style || "") + '">' + esc(b.label) + "</button>").join("") + "</div>").join("");
    return '<div class="msg' + (m.fromBot ? " bot" : "") + (m.private ? " private" : "") + '"><div class="meta">' + esc(m.sender) + " · " + new Date(m.at).toLocaleString() + (m.private ? " · 仅您可见" : "") + (m.edited ? " · 已编辑" : "") + "</div>" + esc(m.text) + buttons + "</div>";
  }).join("") || '<p class="empty">暂无消息</p>';
  $("status").textContent = r.restricted ? "您在本群已被禁言" : "";
  window.scrollTo(0, document.body.scrollHeight);
  const f = await api("/local/api/forms?person=" + encodeURIComponent(state.person));
  if (f.form && JSON.stringify(f.form) !== JSON.stringify(shownForm)) showForm(f.form);
}

function showForm(spec) {
  shownForm = spec;
  const body = $("formBody");
  body.innerHTML = "<h3>" + esc(spec.title) + "</h3>" + spec.fields.map((f) => {
    const req = f.required ? " required" : "";
    const label = '<label for="f_' + f.id + '">' + esc(f.label) + "</label>";
    if (f.kind === "select") return label + '<select id="f_' + f.id + '" name="' + f.id + '"' + req + ">" + (f.options || []).map((o) => '<option value="' + esc(o.value) + '"' + (o.value === f.initial ? " selected" : "") + ">" + esc(o.label) + "</option>").join("") + "</select>";
    if (f.kind === "textarea") return label + '<textarea rows="3" id="f_' + f.id + '" name="' + f.id + '"' + req + ">" + esc(f.initial || "") + "</textarea>";
    return label + '<input id="f_' + f.id + '" name="' + f.id + '" value="' + esc(f.initial || "") + '"' + req + ">";
  }).join("") + '<menu><button value="cancel" formnovalidate>取消</button><button value="ok" class="primary">' + esc(spec.submitLabel) + "</button></menu>";
  $("formDialog").showModal();
}

$("formDialog").addEventListener("close", async () => {
  if ($("formDialog").returnValue !== "ok") return;
  const values = Object.fromEntries(new FormData($("formBody")).entries());
  try { await api("/local/api/form", { person: state.person, values }); } catch (e) { $("error").textContent = e.message; }
  shownForm = null;
});

$("messages").addEventListener("click", async (ev) => {
  const b = ev.target.closest("button[data-action]");
  if (!b) return;
  let input;
  if (b.dataset.input) { input = prompt(b.dataset.input); if (input === null) return; }
  try { await api("/local/api/press", { person: state.person, channel: state.channel, messageId: b.dataset.msg, actionId: b.dataset.action, input }); $("error").textContent = ""; }
  catch (e) { $("error").textContent = e.message; }
});

$("composer").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  try { await api("/local/api/say", { person: state.person, channel: state.channel, text }); $("text").value = ""; $("error").textContent = ""; }
  catch (e) { $("error").textContent = e.message; }
});

$("person").addEventListener("change", () => { state.person = localStorage.wkPerson = $("person").value; shownForm = null; refresh(); });
$("channel").addEventListener("change", () => { state.channel = localStorage.wkChannel = $("channel").value; refresh(); });

loadRoster().then(refresh);
new EventSource("/local/api/events").onmessage = () => refresh().catch(() => {});
</script>
</body>
</html>`;
