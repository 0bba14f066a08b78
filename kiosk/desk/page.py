"""The desk page's HTML, script and style. Values reach the page only through `textContent` (never as HTML)."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

from kiosk.staff_credentials import Role

from .roles import DeskAction, may

CSS = """
body{font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
header{display:flex;gap:1rem;align-items:center;background:#0b5394;color:#fff;padding:.6rem 1rem}
header h1{font-size:1.2rem;margin:0;flex:1}header a,header button{color:#fff;background:none;border:1px solid #fff;
border-radius:4px;padding:.25rem .6rem;text-decoration:none;font:inherit;cursor:pointer}
main{padding:1rem;display:grid;gap:1rem}section{background:#fff;border-radius:6px;padding:.8rem 1rem;
box-shadow:0 1px 2px #0002}h2{font-size:1rem;margin:.2rem 0 .6rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e7eb;vertical-align:top;font-size:.92rem}
.kana{color:#5b6773;font-size:.8rem}.ok{color:#1e7b34}.bad{color:#b3261e;font-weight:bold}
.flag{display:inline-block;background:#fde7e5;color:#8c1d18;border-radius:3px;padding:0 .3rem;margin:.1rem;
font-size:.8rem}.call{display:flex;gap:1rem;align-items:center;padding:.3rem 0}.call button{background:#0b5394;
color:#fff;border:0;border-radius:4px;padding:.35rem .9rem;cursor:pointer}.badge{background:#b3261e;color:#fff;
border-radius:10px;padding:0 .5rem}.health span{margin-right:1rem}#status{font-size:.8rem}
form{display:grid;gap:.6rem;max-width:20rem;margin:3rem auto;background:#fff;padding:1.5rem;border-radius:6px}
form input{font:inherit;padding:.4rem}form button{font:inherit;padding:.5rem;background:#0b5394;color:#fff;border:0}
#message{color:#b3261e;min-height:1.2em}.details{color:#3d4a57;font-size:.8rem}
.item button,#showaudit{background:#0b5394;color:#fff;border:0;border-radius:4px;padding:.3rem .8rem;cursor:pointer}
.missing{display:inline-block;background:#fff4d6;color:#6b4e00;border-radius:3px;padding:0 .3rem;margin:.1rem;
font-size:.8rem}
"""

SCRIPT = r"""
"use strict";
const T = JSON.parse(document.getElementById("texts").textContent);
const CSRF = document.querySelector("meta[name=csrf]").content;
const t = (key, fallback) => (key in T ? T[key] : (fallback === undefined ? key : fallback));
const el = (tag, text, cls) => { const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; };
async function post(path, body) {
  return fetch(path, {method: "POST", credentials: "same-origin", cache: "no-store",
    headers: {"Content-Type": "application/json", "X-CSRF-Token": CSRF}, body: JSON.stringify(body || {})});
}
const form = document.getElementById("signin");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await post("/signin", {staff_id: form.staff_id.value, password: form.password.value});
    if (answer.ok) { location.replace("/"); return; }
    const reason = (await answer.json()).reason || "password";
    document.getElementById("message").textContent = t("refused_" + reason);
  });
} else {
  document.getElementById("signout").addEventListener("click", async () => {
    await post("/signout"); location.replace("/"); });
  const status = document.getElementById("status");
  const events = new EventSource("/events");
  events.addEventListener("snapshot", (event) => { status.textContent = t("live"); render(JSON.parse(event.data)); });
  events.addEventListener("expired", () => { events.close(); location.replace("/?expired=1"); });
  events.onerror = () => { status.textContent = t("offline"); };
}
function render(data) {
  const calls = document.getElementById("calls"); calls.replaceChildren();
  const health = document.getElementById("health"); health.replaceChildren();
  let open = 0;
  for (const kiosk of data.kiosks) {
    const line = el("div", null, "health"); line.append(el("strong", kiosk.name + ": "));
    for (const item of kiosk.health) {
      const span = el("span", t("health." + item.name, item.name) + " " + (item.stale ? t("stale") : item.detail),
        item.ok && !item.stale ? "ok" : "bad");
      line.append(span);
    }
    if (kiosk.owed_files) line.append(el("span", t("waiting_files") + " " + kiosk.owed_files, "bad"));
    health.append(line);
    for (const call of kiosk.calls) {
      open += 1;
      const row = el("div", null, "call"); row.dataset.call = call.id;
      row.append(el("span", call.time), el("strong", kiosk.name), el("span", t("alert." + call.alert, call.alert)));
      const button = el("button", t("acknowledge"));
      button.addEventListener("click", () => { button.disabled = true;
        post("/calls/ack", {kiosk: kiosk.name, call_id: call.id}); });
      row.append(button); calls.append(row);
    }
  }
  if (!open) calls.append(el("p", t("no_calls")));
  renderItems(data.kiosks.flatMap((kiosk) => kiosk.items));
  document.getElementById("callcount").textContent = open ? String(open) : "";
  const body = document.getElementById("rows"); body.replaceChildren();
  if (!data.receptions.length) { const tr = el("tr"); const td = el("td", t("none_yet")); td.colSpan = 8;
    tr.append(td); body.append(tr); }
  for (const r of data.receptions) {
    const tr = el("tr"); tr.dataset.reception = r.reception_id;
    const who = el("td"); who.append(el("div", r.name || "—"), el("div", r.name_kana || "", "kana"));
    const ins = r.insurance || {};
    if (ins.post_number || ins.address) who.append(el("div", "〒" + (ins.post_number || "") + " " + (ins.address || ""),
      "details"));
    let result = r.error ? r.error.code + " " + r.error.message
      : t("validity." + r.validity, String(r.validity || "—"));
    if (r.insurer_name) result += " / " + r.insurer_name + " (" + r.insurer_number + ")";
    if (r.burden_ratio_percent !== null) result += " / " + t("burden") + " " + (r.burden_ratio_percent / 10) + "割";
    const details = [];
    if (ins.card_classification) details.push(t("card." + ins.card_classification, ins.card_classification));
    if (ins.preschool) details.push(t("preschool"));
    if (ins.disqualification_date) details.push(t("disqualified") + " " + ins.disqualification_date);
    if (ins.limit_category) details.push(t("limit") + " " + ins.limit_category);
    if (ins.elderly_ratio_percent) details.push(t("elderly") + " " + (ins.elderly_ratio_percent / 10) + "割");
    const resultCell = el("td", null, r.error ? "bad" : ""); resultCell.append(el("div", result));
    if (details.length) resultCell.append(el("div", details.join(" / "), "details"));
    const given = Object.entries(r.consents).filter(([, code]) => code === 1).map(([item]) => t("consent." + item));
    const flags = el("td"); for (const f of r.flags) flags.append(el("span", t("flag." + f, f), "flag"));
    tr.append(el("td", r.finished_at.slice(11, 16)), el("td", r.kiosk), who, el("td", t("method." + r.method)),
      resultCell, el("td", given.join("、") || "—"),
      el("td", r.prescription ? t("prescription." + r.prescription) : "—"), flags);
    body.append(tr);
  }
}
function renderItems(items) {
  const list = document.getElementById("items"); list.replaceChildren();
  document.getElementById("itemcount").textContent = items.length ? String(items.length) : "";
  if (!items.length) { const tr = el("tr"); const td = el("td", t("no_items")); td.colSpan = 6; tr.append(td);
    list.append(tr); return; }
  for (const item of items) {
    const tr = el("tr", null, "item"); tr.dataset.item = item.item_id;
    const who = el("td"); who.append(el("div", item.who.name || t("unknown_person")),
      el("div", [item.who.name_kana, item.who.birth_date].filter(Boolean).join(" "), "kana"));
    const missing = el("td"); for (const m of item.missing) missing.append(el("span", t("missing." + m, m), "missing"));
    if (item.detail) missing.append(el("div", item.detail.split(" ").map((d) => t("detail." + d, t(d))).join(" / "),
      "details"));
    const act = el("td"); const button = el("button", t("resolve"));
    button.addEventListener("click", () => { button.disabled = true;
      post("/items/resolve", {kiosk: item.kiosk, item_id: item.item_id}); });
    act.append(button);
    const since = new Date(item.since);
    tr.append(el("td", isNaN(since) ? item.since : since.toLocaleString(document.documentElement.lang,
      {month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit"})), el("td", item.kiosk),
      el("td", t("item." + item.kind, item.kind)), who, missing, act);
    list.append(tr);
  }
}
const auditButton = document.getElementById("showaudit");
if (auditButton) auditButton.addEventListener("click", async () => {
  const answer = await fetch("/audit", {credentials: "same-origin", cache: "no-store"});
  const body = document.getElementById("audit"); body.replaceChildren();
  if (!answer.ok) { body.append(el("tr", t("refused_role"))); return; }
  for (const entry of (await answer.json()).entries) {
    const tr = el("tr");
    tr.append(el("td", new Date(entry.at * 1000).toLocaleString()), el("td", entry.staff), el("td", entry.action),
      el("td", entry.kiosk || ""), el("td", String(entry.receptions.length)));
    body.append(tr);
  }
});
"""


def _shell(language: str, texts: Mapping[str, str], csrf: str, body: str) -> str:
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f'<meta name="csrf" content="{html.escape(csrf)}"><title>{html.escape(texts["title"])}</title>'
            '<link rel="stylesheet" href="/desk.css"></head><body>'
            f'<script type="application/json" id="texts">{_json_for_html(texts)}</script>{body}'
            '<script src="/desk.js"></script></body></html>')


def _json_for_html(texts: Mapping[str, str]) -> str:
    return json.dumps(dict(texts), ensure_ascii=False).replace("<", "\\u003c")


def sign_in_page(language: str, texts: Mapping[str, str], csrf: str, notice: str | None) -> str:
    e = html.escape
    other = "en" if language == "ja" else "ja"
    body = (f'<header><h1>{e(texts["title"])}</h1><a href="/lang/{other}">{e(texts["language"])}</a></header>'
            f'<form id="signin"><h2>{e(texts["sign_in"])}</h2>'
            f'<label>{e(texts["staff_id"])}<br><input name="staff_id" autocomplete="username" required></label>'
            f'<label>{e(texts["password"])}<br><input name="password" type="password" '
            'autocomplete="current-password" required></label>'
            f'<button type="submit">{e(texts["sign_in"])}</button>'
            f'<div id="message">{e(notice or "")}</div></form>')
    return _shell(language, texts, csrf, body)


def desk_page(language: str, texts: Mapping[str, str], csrf: str, staff: str, role: Role) -> str:
    """The page for a signed-in member of staff; the audit section only for a role that may read it (the server
    refuses `/audit` to the others all the same)."""
    e = html.escape
    other = "en" if language == "ja" else "ja"

    def heads(*keys: str) -> str:
        return "".join(f"<th>{e(texts[key])}</th>" for key in keys)

    audit = (f'<section id="auditsection"><h2>{e(texts["audit"])} <button id="showaudit" type="button">'
             f'{e(texts["show_audit"])}</button></h2><table><thead><tr>'
             f'{heads("time", "staff_id", "action", "kiosk", "records")}</tr></thead><tbody id="audit"></tbody>'
             '</table></section>') if may(role, DeskAction.VIEW_AUDIT) else ""
    body = (f'<header><h1>{e(texts["title"])}</h1><span id="status"></span>'
            f'<span id="who">{e(staff)} ({e(texts["role." + role.value])})</span>'
            f'<a href="/lang/{other}">{e(texts["language"])}</a>'
            f'<button id="signout" type="button">{e(texts["sign_out"])}</button></header><main>'
            f'<section><h2>{e(texts["calls"])} <span id="callcount" class="badge"></span></h2><div id="calls"></div>'
            f'</section><section><h2>{e(texts["items"])} <span id="itemcount" class="badge"></span></h2><table>'
            f'<thead><tr>{heads("since", "kiosk", "item_kind", "name", "missing", "action")}</tr></thead>'
            '<tbody id="items"></tbody></table></section>'
            f'<section><h2>{e(texts["receptions"])}</h2><table><thead><tr>'
            f'{heads("time", "kiosk", "name", "method", "result", "consents", "prescription", "flags")}</tr></thead>'
            f'<tbody id="rows"></tbody></table></section>'
            f'<section><h2>{e(texts["health"])}</h2><div id="health"></div></section>{audit}</main>')
    return _shell(language, texts, csrf, body)
