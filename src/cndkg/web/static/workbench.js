// The query workbench: CodeMirror editor, examples, sortable results, downloads.
"use strict";
let editor;
let lastKind = "select";

function endpointUrl(query, format) {
  return "/sparql?" + new URLSearchParams({query, format}).toString();
}

// a link only for http(s) IRIs: an answer may bind any IRI (javascript:, data:, file:)
function entityHref(value) {
  const base = "https://w3id.org/cndkg/id/";
  if (value.startsWith(base)) return "/id/" + value.slice(base.length);
  return /^https?:\/\//i.test(value) ? value : null;
}

function renderTable(data) {
  const results = document.getElementById("results");
  results.replaceChildren();
  if ("boolean" in data) { results.textContent = "Answer: " + data.boolean; return 0; }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const table = document.createElement("table");
  table.id = "result-table";
  const thead = table.createTHead().insertRow();
  vars.forEach((v, i) => {
    const th = document.createElement("th");
    th.scope = "col"; th.textContent = v; th.setAttribute("aria-sort", "none"); th.tabIndex = 0;
    const sort = () => sortBy(table, i, th);
    th.addEventListener("click", sort);
    th.addEventListener("keydown", e => { if (e.key === "Enter") sort(); });
    thead.appendChild(th);
  });
  const tbody = table.createTBody();
  for (const b of rows) {
    const tr = tbody.insertRow();
    for (const v of vars) {
      const td = tr.insertCell();
      const cell = b[v];
      if (!cell) continue;
      const href = cell.type === "uri" ? entityHref(cell.value) : null;
      if (href) {
        const a = document.createElement("a");
        a.href = href; a.textContent = cell.value;
        td.appendChild(a);
      } else td.textContent = cell.value;
    }
  }
  const caption = table.createCaption();
  caption.textContent = rows.length + " rows";
  results.appendChild(table);
  return rows.length;
}

function sortBy(table, column, th) {
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("th").forEach(h => h.setAttribute("aria-sort", "none"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = a.cells[column].textContent, y = b.cells[column].textContent;
    const nx = Number(x), ny = Number(y);
    const c = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    return ascending ? c : -c;
  });
  rows.forEach(r => body.appendChild(r));
}

function updateDownloads(query) {
  for (const f of ["csv", "tsv", "json"]) document.getElementById("dl-" + f).href = endpointUrl(query, f);
  const ttl = document.getElementById("dl-ttl");
  ttl.href = endpointUrl(query, "turtle");
  ttl.hidden = lastKind !== "graph";
}

async function run(event) {
  if (event) event.preventDefault();
  const query = editor.getValue();
  const status = document.getElementById("status");
  const error = document.getElementById("error");
  error.hidden = true;
  status.textContent = "Running…";
  lastKind = /\b(CONSTRUCT|DESCRIBE)\b/i.test(query.replace(/#.*$/gm, "")) ? "graph" : "select";
  updateDownloads(query);
  const t0 = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {"Content-Type": "application/sparql-query",
              "Accept": lastKind === "graph" ? "text/turtle" : "application/sparql-results+json"},
    body: query,
  });
  const ms = Math.round(performance.now() - t0);
  if (!response.ok) {
    const message = await response.text();
    error.textContent = message;
    error.hidden = false;
    status.textContent = "Error " + response.status;
    const at = /at (\d+):(\d+)/.exec(message);
    if (at) { editor.focus(); editor.setCursor({line: Number(at[1]) - 1, ch: Number(at[2]) - 1}); }
    document.getElementById("results").replaceChildren();
    return;
  }
  if (lastKind === "graph") {
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    document.getElementById("results").replaceChildren(pre);
    status.textContent = `Done in ${ms} ms`;
    return;
  }
  const n = renderTable(await response.json());
  const capped = response.headers.get("X-Cndkg-Truncated");
  status.textContent = `${n} rows in ${ms} ms` + (capped ? ` (${capped})` : "");
}

document.addEventListener("DOMContentLoaded", () => {
  editor = CodeMirror.fromTextArea(document.getElementById("query"), {
    mode: "application/sparql-query", lineNumbers: true, indentUnit: 2,
    screenReaderLabel: "SPARQL query",  // the editor's own input, named for screen readers
    extraKeys: {"Ctrl-Enter": () => run(), "Cmd-Enter": () => run()},
  });
  editor.getScrollerElement().tabIndex = 0;  // a scrolled long query reachable by keyboard
  document.getElementById("query-form").addEventListener("submit", run);
  document.querySelectorAll("button.example").forEach(button => {
    button.addEventListener("click", () => {
      editor.setValue(document.getElementById("example-" + button.dataset.name).content.textContent);
      run();
    });
  });
  updateDownloads(editor.getValue());
});
