import type { Locale } from "../i18n/i18n.js";
import { html, type SafeHtml, unsafeRaw } from "./html.js";
import { t } from "./messages.js";
import type { DashboardPage, Viewer } from "./page-registry.js";

// Written by us, never user data; the CSP admits it through the nonce.
const styles = unsafeRaw(`
:root{--fg:#1d2733;--muted:#5d6b7a;--line:#d8dee6;--bg:#f5f7fa;--accent:#1f5fa8;--warn:#b3261e}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;background:#14324f;color:#fff;flex-wrap:wrap}
header a{color:#dce9f7;text-decoration:none}header a[aria-current=page]{color:#fff;font-weight:600;border-bottom:2px solid #fff}
header .brand{font-weight:700;color:#fff}header nav{display:flex;gap:1rem;flex:1}header .me{font-size:.9em;opacity:.9}
header form{margin:0}header button{background:none;border:1px solid #dce9f7;color:#fff;border-radius:4px;padding:.15rem .6rem;cursor:pointer}
main{max-width:1100px;margin:1.5rem auto;padding:0 1.5rem}h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem}.card .n{font-size:2rem;font-weight:700}.card .k{color:var(--muted)}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef2f6;font-weight:600}.muted{color:var(--muted)}.overdue{color:var(--warn);font-weight:600}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
.chart rect{fill:var(--accent)}.chart .axis{stroke:var(--line)}.chart text{font-size:11px;fill:var(--muted)}.chart .v{fill:var(--fg)}
ul.tree{list-style:none;padding-left:1.2rem}ul.tree>li{margin:.15rem 0}
.notice{padding:.6rem 1rem;border-radius:6px;background:#e7f1e8;border:1px solid #b7d7bb}.error{background:#fbeaea;border-color:#e8b4b1}
label{display:block;margin:.5rem 0 .2rem}input[type=text],input[type=password],textarea{width:100%;max-width:28rem;padding:.4rem;border:1px solid var(--line);border-radius:4px;font:inherit}
textarea{max-width:none;min-height:12rem;font-family:ui-monospace,monospace}
button.primary{margin-top:.6rem;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;font:inherit;cursor:pointer}
.tag{display:inline-block;font-size:.8em;padding:0 .4rem;border-radius:3px;background:#eef2f6;margin:0 .2rem .2rem 0}
.filters{display:flex;gap:1rem;align-items:flex-end;flex-wrap:wrap}.filters label{margin:0}.filters button.primary{margin:0}
select{padding:.3rem;border:1px solid var(--line);border-radius:4px;font:inherit;background:#fff}
.sev-major,.sev-especially_major{background:#fbeaea;color:var(--warn)}.sev-serious{background:#fff4e0}
ol.timeline{list-style:none;padding:0;margin:0;background:#fff;border:1px solid var(--line);border-radius:8px}
ol.timeline li{padding:.45rem .8rem;border-bottom:1px solid var(--line)}ol.timeline li>time:first-child{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:.5rem}
ol.timeline li.ev-audit{font-size:.88em;color:var(--muted)}ol.timeline li.ev-deadline-closed,ol.timeline li.ev-ack{font-weight:600}
code{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all}code.audit-data{display:block;color:var(--muted)}
mark.hit{background:#ffd9d6;color:#7a1410;border-bottom:2px solid var(--warn);padding:0 .1rem}
td.msg{max-width:28rem;word-break:break-word}tr.appeal-open{background:#fffbe6}
form.inline{display:inline}form.inline button{margin:.2rem .3rem 0 0}button.confirm{margin-top:.6rem;background:#fff;border:1px solid var(--line);border-radius:4px;padding:.45rem 1rem;font:inherit;cursor:pointer}
table.calendar td{min-width:6rem}table.calendar th.today{background:#dce9f7}.on-duty{font-weight:600}
.t-missed{background:#fbeaea;color:var(--warn)}.t-late{background:#fff4e0}.t-kept{background:#e7f1e8}
.chart .s0{fill:#7da7d9}.chart .s1{fill:#e0a33b}.chart .s2{fill:#d2553f}.chart .s3{fill:#7a1410}.chart .legend text{font-size:11px;fill:var(--fg)}
`);

export interface LayoutOptions {
  locale: Locale;
  title: string;
  body: SafeHtml;
  nonce: string;
  /** The request path, for the current nav entry and the language switch. */
  path: string;
  viewer?: Viewer;
  csrfField?: SafeHtml;
  pages?: readonly DashboardPage[];
  /** Server time, so countdowns tick from the server's clock, not the browser's. */
  now?: Date;
}

/** The page frame: header with navigation, language switch and sign-out; then the page body. */
export function layout(o: LayoutOptions): SafeHtml {
  const other: Locale = o.locale === "en" ? "zh-CN" : "en";
  const nav = (o.pages ?? [])
    .filter((p) => p.nav && o.viewer && (p.nav.visible?.(o.viewer) ?? true))
    .sort((a, b) => a.nav!.order - b.nav!.order)
    .map((p) => {
      const current = o.path === p.nav!.path || (p.nav!.path !== "/dashboard" && o.path.startsWith(`${p.nav!.path}/`));
      return html`<a href="${p.nav!.path}" ${current && html`aria-current="page"`}>${p.nav!.label(o.locale)}</a>`;
    });
  return html`<html lang="${o.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${o.title} · ${t(o.locale, "appTitle")}</title><style nonce="${o.nonce}">${styles}</style></head>
<body data-now="${(o.now ?? new Date()).toISOString()}">
<header><a class="brand" href="/dashboard">${t(o.locale, "appTitle")}</a><nav>${nav}</nav>
<a href="${o.path}?lang=${other}" hreflang="${other}" id="lang-switch">${t(o.locale, "switchLang")}</a>
${
  o.viewer &&
  html`<span class="me">${t(o.locale, "signedInAs", { name: o.viewer.person.name })}</span>
<form method="post" action="/dashboard/logout">${o.csrfField}<button type="submit" id="logout">${t(o.locale, "logout")}</button></form>`
}</header>
<main><h1>${o.title}</h1>${o.body}</main>
<script nonce="${o.nonce}">${countdownScript}</script>
</body></html>`;
}

// Ticks <time data-due> countdowns once a minute from the server's "now", in the page's language.
const countdownScript =
  unsafeRaw(`(()=>{const b=document.body,skew=Date.parse(b.dataset.now)-Date.now(),en=document.documentElement.lang==="en";
const fmt=ms=>{const m=Math.floor(Math.abs(ms)/6e4),d=Math.floor(m/1440),h=Math.floor(m%1440/60),n=m%60,[D,H,M]=en?["d","h","m"]:["天","小时","分"];
return d>=2?d+D+" "+h+H:(d===1||h>0)?(d*24+h)+H+" "+n+M:n+M};
const tick=()=>{for(const el of document.querySelectorAll("[data-due]")){const left=Date.parse(el.dataset.due)-(Date.now()+skew);
el.textContent=(left>=0?el.dataset.in:el.dataset.over).replace("{d}",fmt(left));el.classList.toggle("overdue",left<0)}};setInterval(tick,60000)})();`);
