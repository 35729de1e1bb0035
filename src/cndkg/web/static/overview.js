// Charts of the overview, drawn from live SPARQL queries on /sparql.
"use strict";
const PREFIX = "PREFIX cnd: <https://w3id.org/cndkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";

async function select(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    body: PREFIX + query,
  });
  if (!response.ok) throw new Error(await response.text());
  const data = await response.json();
  return data.results.bindings.map(b => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

const charts = {};
function draw(id, config) {
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart(document.getElementById(id), config);
  numbers(id + "-table", config.data);
}

// "C07" -> "C07 Availability of controlled medicines", from the page's own list
function challengeTitle(code) {
  const option = document.querySelector(`#speaker-challenge option[value="${CSS.escape(code)}"]`);
  return option ? option.textContent : code;
}

// The chart's figures as a table beside it: for screen readers, and to copy from.
function numbers(id, data) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const text of ["", ...data.datasets.map(d => String(d.label))]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.appendChild(th);
  }
  const body = table.createTBody();
  data.labels.forEach((label, i) => {
    const row = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = challengeTitle(label);
    row.appendChild(th);
    for (const d of data.datasets) row.insertCell().textContent = d.data[i];
  });
  document.getElementById(id).replaceChildren(table);
}

async function challengesPerYear() {
  const rows = await select(`SELECT ?code ?year (COUNT(DISTINCT ?s) AS ?n) WHERE {
      ?s cnd:addressesChallenge/cnd:code ?code ; cnd:startDate ?d . BIND (YEAR(?d) AS ?year)
    } GROUP BY ?code ?year ORDER BY ?code ?year`);
  const codes = [...new Set(rows.map(r => r.code))];
  const years = [...new Set(rows.map(r => r.year))].sort();
  const palette = ["#0b3d6b", "#2f7ec1", "#6ba8d8", "#e08a00", "#b3541e", "#5b8c3a", "#7a4f9a"];
  draw("chart-challenges", {
    type: "bar",
    data: {labels: codes, datasets: years.map((y, i) => ({
      label: y, backgroundColor: palette[i % palette.length],
      data: codes.map(c => Number((rows.find(r => r.code === c && r.year === y) || {n: 0}).n)),
    }))},
    options: {responsive: true, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
  });
}

async function speakers(code) {
  const rows = await select(`SELECT ?name (COUNT(DISTINCT ?st) AS ?n) WHERE {
      ?st a cnd:Statement ; cnd:speaker/rdfs:label ?name ; cnd:inSession ?s .
      ?s cnd:addressesChallenge/cnd:code "${code}" } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 10`);
  draw("chart-speakers", {
    type: "bar",
    data: {labels: rows.map(r => r.name), datasets: [{label: "statements", backgroundColor: "#2f7ec1",
      data: rows.map(r => Number(r.n))}]},
    options: {indexAxis: "y", responsive: true, plugins: {legend: {display: false}},
      scales: {x: {beginAtZero: true, ticks: {precision: 0}}}},
  });
}

async function owners() {
  const rows = await select(`SELECT ?owner (COUNT(DISTINCT ?i) AS ?n) WHERE {
      ?i a cnd:Initiative ; cnd:runBy/cnd:code ?owner } GROUP BY ?owner ORDER BY DESC(?n) LIMIT 12`);
  draw("chart-owners", {
    type: "bar",
    data: {labels: rows.map(r => r.owner), datasets: [{label: "initiatives", backgroundColor: "#0b3d6b",
      data: rows.map(r => Number(r.n))}]},
    options: {responsive: true, plugins: {legend: {display: false}},
      scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("speaker-challenge");
  challengesPerYear();
  owners();
  speakers(select.value);
  select.addEventListener("change", () => speakers(select.value));
});
