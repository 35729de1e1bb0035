// The query workbench: CodeMirror editor, examples, and answers a person can read:
// names for the IRIs the graph labels (the IRI on hover), pages of 50 rows, a filter,
// sorting on the whole answer, and query errors shown where they are, in short.
"use strict";
let editor;
let lastKind = "select";
const PAGE_SIZE = 50;
const ENTITY_BASE = "https://w3id.org/cndkg/id/";
const PREFIXES = {
  cnd: "https://w3id.org/cndkg/ontology#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  dcterms: "http://purl.org/dc/terms/",
  schema: "https://schema.org/",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  owl: "http://www.w3.org/2002/07/owl#",
  prov: "http://www.w3.org/ns/prov#",
  org: "http://www.w3.org/ns/org#",
  foaf: "http://xmlns.com/foaf/0.1/",
};
// the answer on show: its variables and rows, the rows the filter lets through, in order
const state = {vars: [], rows: [], view: [], page: 0, sortColumn: -1, ascending: true};
const labels = new Map(); // IRI -> name, as the graph gives it (rdfs:label or skos:prefLabel)

function endpointUrl(query, format) {
  return "/sparql?" + new URLSearchParams({query, format}).toString();
}

// a link only for http(s) IRIs: an answer may bind any IRI (javascript:, data:, file:)
function entityHref(value) {
  if (value.startsWith(ENTITY_BASE)) return "/id/" + value.slice(ENTITY_BASE.length);
  return /^https?:\/\//i.test(value) ? value : null;
}

// an IRI without a name: as a prefixed name, or the entity's path
function compact(iri) {
  if (iri.startsWith(ENTITY_BASE)) return iri.slice(ENTITY_BASE.length);
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
  }
  return iri;
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// a long value without spaces (an IRI, a path) may break anywhere; words stay whole
function setText(el, text) {
  el.textContent = text;
  el.classList.toggle("unbroken", !/\s/.test(text) && text.length > 16);
}

function shown(cell) {
  if (!cell) return "";
  if (cell.type === "uri" && !document.getElementById("show-iris").checked) {
    return labels.get(cell.value) || compact(cell.value);
  }
  return cell.value;
}

// --- labels: asked of the endpoint for the IRIs on the page shown, 100 at a time ----------

const SAFE_IRI = /^[^<>"{}|^`\\\u0000-\u0020]+$/;
const asked = new Set();

async function resolveLabels(iris) {
  const wanted = [...new Set(iris)].filter(i => !asked.has(i) && SAFE_IRI.test(i));
  wanted.forEach(i => asked.add(i));
  for (let i = 0; i < wanted.length; i += 100) {
    const values = wanted.slice(i, i + 100).map(iri => "<" + iri + ">").join(" ");
    const query = `PREFIX rdfs: <${PREFIXES.rdfs}>
PREFIX skos: <${PREFIXES.skos}>
SELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { ${values} }
  ?s rdfs:label|skos:prefLabel ?l FILTER (LANG(?l) IN ("", "en")) } GROUP BY ?s`;
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {"Content-Type": "application/sparql-query",
                  "Accept": "application/sparql-results+json"},
        body: query,
      });
      if (!response.ok) continue; // names are a help: the IRIs stay
      for (const b of (await response.json()).results.bindings) {
        if (b.label) labels.set(b.s.value, b.label.value);
      }
    } catch (e) { continue; }
  }
  // names in place: a re-render would move the keyboard focus
  document.querySelectorAll("#result-table [data-iri]").forEach(el => {
    setText(el, shown({type: "uri", value: el.dataset.iri}));
  });
}

// --- the answer as a table, a page at a time -------------------------------------------

function showAnswer(data) {
  const results = document.getElementById("results");
  results.replaceChildren();
  if ("boolean" in data) {
    document.getElementById("result-tools").hidden = true;
    results.textContent = "Answer: " + (data.boolean ? "yes" : "no");
    return 0;
  }
  state.vars = data.head.vars;
  state.rows = data.results.bindings;
  state.page = 0; state.sortColumn = -1; state.ascending = true;
  document.getElementById("row-filter").value = "";
  applyFilter();
  document.getElementById("result-tools").hidden = state.rows.length === 0;
  return state.rows.length;
}

function applyFilter() {
  const needle = fold(document.getElementById("row-filter").value.trim());
  state.view = [];
  state.rows.forEach((row, i) => {
    if (!needle || state.vars.some(v => row[v] && (fold(row[v].value).includes(needle) ||
        fold(shown(row[v])).includes(needle)))) state.view.push(i);
  });
  sortView();
  state.page = 0;
  renderPage();
}

function sortView() {
  if (state.sortColumn < 0) return;
  const v = state.vars[state.sortColumn];
  const sign = state.ascending ? 1 : -1;
  state.view.sort((a, b) => {
    const x = shown(state.rows[a][v]), y = shown(state.rows[b][v]);
    const nx = Number(x), ny = Number(y);
    const c = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    return sign * c || a - b;
  });
}

function renderPage() {
  const results = document.getElementById("results");
  const table = document.createElement("table");
  table.id = "result-table";
  // roles said outright: a narrow screen shows rows as cards (CSS display), and some
  // browsers then stop telling a screen reader it is a table
  table.setAttribute("role", "table");
  const head = table.createTHead().insertRow();
  head.setAttribute("role", "row");
  state.vars.forEach((v, i) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.setAttribute("role", "columnheader");
    th.setAttribute("aria-sort", i === state.sortColumn ? (state.ascending ? "ascending" : "descending") : "none");
    const button = document.createElement("button");
    button.type = "button"; button.textContent = v;
    button.title = "Sort by " + v;
    button.addEventListener("click", () => {
      state.ascending = state.sortColumn === i ? !state.ascending : true;
      state.sortColumn = i;
      sortView(); renderPage();
      document.querySelectorAll("#result-table th button")[i].focus();
    });
    th.appendChild(button);
    head.appendChild(th);
  });
  const body = table.createTBody();
  const first = state.page * PAGE_SIZE;
  const iris = [];
  for (const index of state.view.slice(first, first + PAGE_SIZE)) {
    const row = state.rows[index];
    const tr = body.insertRow();
    tr.setAttribute("role", "row");
    for (const v of state.vars) {
      const td = tr.insertCell();
      td.dataset.column = v;
      td.setAttribute("role", "cell");
      const cell = row[v];
      if (!cell) continue;
      if (cell.type !== "uri") { setText(td, cell.value); continue; }
      iris.push(cell.value);
      const href = entityHref(cell.value);
      const el = document.createElement(href ? "a" : "span");
      if (href) el.href = href;
      el.dataset.iri = cell.value; el.title = cell.value;
      setText(el, shown(cell));
      td.appendChild(el);
    }
  }
  const caption = table.createCaption();
  caption.textContent = state.view.length === state.rows.length
    ? `${state.rows.length} rows` : `${state.view.length} of ${state.rows.length} rows match the filter`;
  results.replaceChildren(table);
  const pages = Math.max(1, Math.ceil(state.view.length / PAGE_SIZE));
  document.getElementById("page-info").textContent = state.view.length
    ? `Rows ${first + 1}–${Math.min(first + PAGE_SIZE, state.view.length)} of ${state.view.length}`
    : "No row matches";
  document.getElementById("prev-page").disabled = state.page === 0;
  document.getElementById("next-page").disabled = state.page >= pages - 1;
  resolveLabels(iris);
}

function turnPage(step) {
  const pages = Math.max(1, Math.ceil(state.view.length / PAGE_SIZE));
  state.page = Math.min(pages - 1, Math.max(0, state.page + step));
  renderPage();
}

// --- errors: line, column and a short message under the editor --------------------------

function shortMessage(message) {
  const prefix = /Unknown namespace prefix\s*:?\s*([\w-]*)/i.exec(message);
  if (prefix) return {text: `The prefix “${prefix[1]}:” is not declared.`, prefix: prefix[1]};
  if (/^expected one of/i.test(message)) {
    // the parser's list may hold a sentence that says what is wrong: that first
    const items = message.replace(/^expected one of\s*/i, "").split(/,\s*/);
    const sentence = items.find(item => /^[A-Z][a-z]+( \S+){2,}$/.test(item.trim()));
    if (sentence) return {text: sentence.trim() + "."};
    const tokens = [...message.matchAll(/"([^"]+)"/g)].map(m => m[1]).slice(0, 6);
    return {text: "The query cannot go on like this here" +
      (tokens.length ? ` (expected for example ${tokens.join(" ")})` : "") + "."};
  }
  if (/^Expected \w+$/.test(message.trim())) {
    return {text: "The query stops being valid SPARQL here (a bracket, a dot or a term may be missing)."};
  }
  const first = message.split("\n")[0];
  return {text: first.length > 160 ? first.slice(0, first.lastIndexOf(" ", 160)) + " …" : first};
}

// where a prefix is first used, for a parser that points at the start of the query
function firstUse(query, prefix) {
  const lines = query.split("\n");
  const pattern = new RegExp("(^|[^\\w:<#])" + prefix + ":");
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*PREFIX/i.test(lines[i])) continue;
    const m = pattern.exec(lines[i].replace(/#.*$/, ""));
    if (m) return {line: i + 1, column: m.index + m[1].length + 1};
  }
  return null;
}

function showError(status, problem, query) {
  const box = document.getElementById("error");
  box.replaceChildren();
  const short = shortMessage(problem.detail);
  let at = problem.line ? {line: problem.line, column: problem.column} : null;
  if (short.prefix) at = firstUse(query, short.prefix) || at;
  const p = document.createElement("p");
  const where = at ? `Line ${at.line}, column ${at.column}: ` : "";
  p.textContent = `${problem.title ? problem.title[0].toUpperCase() + problem.title.slice(1) : "Error " + status}. ${where}${short.text}`;
  box.appendChild(p);
  if (short.prefix && PREFIXES[short.prefix]) {
    const add = document.createElement("button");
    add.type = "button";
    add.textContent = `Add PREFIX ${short.prefix}: <${PREFIXES[short.prefix]}>`;
    add.addEventListener("click", () => {
      editor.replaceRange(`PREFIX ${short.prefix}: <${PREFIXES[short.prefix]}>\n`, {line: 0, ch: 0});
      run();
    });
    box.appendChild(add);
  }
  if (problem.detail !== short.text) {
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "The parser's whole message";
    const pre = document.createElement("pre");
    pre.textContent = problem.detail;
    details.append(summary, pre);
    box.appendChild(details);
  }
  box.hidden = false;
  if (at) { editor.focus(); editor.setCursor({line: at.line - 1, ch: at.column - 1}); }
}

async function readProblem(response) {
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("problem+json")) return await response.json();
  const text = (await response.text()).trim();
  const at = /^(malformed query): error at (\d+):(\d+): (.*)$/s.exec(text);
  if (at) return {title: at[1], line: Number(at[2]), column: Number(at[3]), detail: at[4]};
  return {detail: text};
}

// --- running a query ------------------------------------------------------------------

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
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": (lastKind === "graph" ? "text/turtle" : "application/sparql-results+json") +
                          ", application/problem+json;q=0.1"},
      body: query,
    });
  } catch (e) {
    status.textContent = "The server could not be reached";
    return;
  }
  const ms = Math.round(performance.now() - t0);
  if (!response.ok) {
    showError(response.status, await readProblem(response), query);
    status.textContent = "Error " + response.status;
    document.getElementById("results").replaceChildren();
    document.getElementById("result-tools").hidden = true;
    return;
  }
  if (lastKind === "graph") {
    const pre = document.createElement("pre");
    pre.className = "graph";
    pre.textContent = await response.text();
    document.getElementById("results").replaceChildren(pre);
    document.getElementById("result-tools").hidden = true;
    status.textContent = `Done in ${ms} ms`;
    return;
  }
  const n = showAnswer(await response.json());
  const capped = response.headers.get("X-Cndkg-Truncated");
  status.textContent = `${n} rows in ${ms} ms` + (capped ? ` (${capped})` : "");
}

document.addEventListener("DOMContentLoaded", () => {
  editor = CodeMirror.fromTextArea(document.getElementById("query"), {
    mode: "application/sparql-query", lineNumbers: true, indentUnit: 2, lineWrapping: true,
    viewportMargin: Infinity,
    // Tab leaves the editor (keyboard users must be able to get out); Ctrl+Enter runs
    extraKeys: {"Ctrl-Enter": () => run(), "Cmd-Enter": () => run(), "Tab": false, "Shift-Tab": false},
    screenReaderLabel: "SPARQL query",
  });
  document.getElementById("query-form").addEventListener("submit", run);
  let pending;
  document.getElementById("row-filter").addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(applyFilter, 150);
  });
  document.getElementById("show-iris").addEventListener("change", () => { sortView(); renderPage(); });
  document.getElementById("prev-page").addEventListener("click", () => turnPage(-1));
  document.getElementById("next-page").addEventListener("click", () => turnPage(1));
  document.querySelectorAll("button.example").forEach(button => {
    button.addEventListener("click", () => {
      editor.setValue(document.getElementById("example-" + button.dataset.name).content.textContent);
      // on a narrow screen the editor and the answer are below the examples: go there
      if (window.matchMedia("(max-width: 50rem)").matches) {
        document.getElementById("query-form").scrollIntoView({block: "start"});
      }
      run();
    });
  });
  updateDownloads(editor.getValue());
});
