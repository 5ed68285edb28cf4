// Draws a lineage neighbourhood with Cytoscape.js for the lineage page (src/Workbench.Web/Lineage).
// The page sends nodes and edges; clicks go back to it. Libraries are served from /lib (copied from npm at build).
import cytoscape from '../lib/cytoscape/cytoscape.esm.min.mjs';
import dagre from '../lib/cytoscape-dagre/cytoscape-dagre.min.mjs';
import { createPlaced } from './lineage-placed.js';

cytoscape.use(dagre);

// A large neighbourhood (payload.large, decided by the page) is drawn by lineage-placed.js instead.

const KIND_COLOURS = {
  source: '#607d8b', dataset: '#1e88e5', field: '#64b5f6', table: '#2e7d32', column: '#81c784',
  view_version: '#8e24aa', job_run: '#ef6c00',
};
const colourOf = kind => KIND_COLOURS[kind] ?? '#9e9e9e';

// Marks that both styles share: the chosen root, the selection, a highlighted path.
const MARKS = [
  { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#d81b60' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffb300' } },
  { selector: '.path', style: { 'line-color': '#d81b60', 'target-arrow-color': '#d81b60', 'border-color': '#d81b60', 'border-width': 4, 'width': 4 } },
  { selector: '.faded', style: { 'opacity': 0.25 } },
];

const STYLE = [
  { selector: 'node', style: {
    'label': 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center', 'color': '#1a1a1a',
    'background-color': ele => colourOf(ele.data('kind')), 'shape': 'round-rectangle',
    'width': 'label', 'height': 22, 'padding': '6px', 'border-width': 1, 'border-color': '#455a64', 'min-zoomed-font-size': 7 } },
  { selector: 'node[kind = "view_version"]', style: { 'shape': 'hexagon', 'color': '#fff' } },
  { selector: 'node[kind = "job_run"]', style: { 'shape': 'barrel', 'color': '#1a1a1a' } },
  { selector: 'node[kind = "dataset"], node[kind = "table"], node[kind = "source"]', style: { 'color': '#fff' } },
  { selector: ':parent', style: {
    'background-opacity': 0.08, 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', 'color': '#37474f',
    'border-style': 'dashed', 'shape': 'round-rectangle', 'padding': '10px' } },
  { selector: 'edge', style: {
    'width': 1.5, 'line-color': '#90a4ae', 'target-arrow-color': '#90a4ae', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier', 'label': 'data(label)', 'font-size': 9, 'color': '#546e7a', 'text-rotation': 'autorotate',
    'min-zoomed-font-size': 9 } },
  { selector: 'edge[?indirect]', style: { 'line-style': 'dashed' } },
  ...MARKS,
];

// host: the element tests and the benchmark read (data-drawn-nodes, lineageGraph): the container unless told otherwise.
export function create(container, page, host = container) {
  // A drawing made before the page was interactive (lineage-early.js) and already moved into this canvas is the page's.
  const early = window.workbenchEarlyLineage;
  if (early && container.contains(early.holder)) {
    window.workbenchEarlyLineage = null;
    early.drawing.attach(page, early.key);
    return early.drawing;
  }
  const cy = cytoscape({
    container, style: STYLE, minZoom: 0.05, maxZoom: 4,
    textureOnViewport: true, hideEdgesOnViewport: true, boxSelectionEnabled: false,
  });
  host.lineageGraph = cy;
  let selected = null;
  // Without the page yet (drawn early), a click is kept and reported once the page attaches.
  let pendingSelection = null;
  // The drawing the page would ask for first is already on screen when this key matches.
  let drawnKey = null;
  // The page's stylesheet can arrive after the graph is created; follow the container's real size.
  const resizing = new ResizeObserver(() => cy.resize());
  resizing.observe(container);

  const selectedByUser = id => {
    host.dataset.selected = id;
    if (page) page.invokeMethodAsync('NodeSelected', id);
    else pendingSelection = id;
  };
  // The large form, made when first needed; while it shows, Cytoscape holds no elements.
  let placed = null;
  const placedDrawing = () => placed ??= createPlaced(container, colourOf, {
    select: selectedByUser,
    path: (from, to, found) => page?.invokeMethodAsync('PathHighlighted', from, to, found),
    focus: id => page?.invokeMethodAsync('NodeFocused', id),
  });
  let large = false;
  const svgText = () => large ? placed.svg() : toSvg(cy);

  let lastTap = null;
  cy.on('tap', 'node', evt => {
    // A tap on a column bubbles to its dataset box: the innermost node is the one meant.
    if (evt.originalEvent && evt.originalEvent === lastTap) return;
    lastTap = evt.originalEvent;
    const node = evt.target;
    if (evt.originalEvent?.shiftKey && selected && selected.id() !== node.id()) {
      const found = highlightPath(cy, selected, node);
      page?.invokeMethodAsync('PathHighlighted', selected.data('label'), node.data('label'), found);
      return;
    }
    clearPath(cy);
    selected = node;
    selectedByUser(nodeId(node));
  });
  cy.on('dbltap', 'node', evt => page?.invokeMethodAsync('NodeFocused', nodeId(evt.target)));

  return {
    draw(payload, key) {
      if (key != null && key === drawnKey) return payload.nodes.length;
      drawnKey = key ?? null;
      const started = performance.now();
      selected = null;
      // When the drawing was first on screen, on the page's clock: what the benchmark reports.
      const painted = () => { host.dataset.paintedMs = String(Math.round(performance.now())); };
      large = payload.large;
      cy.elements().remove();
      if (large) {
        placedDrawing().draw(payload, painted);
        host.lineagePlaced = placed.testApi;
      } else {
        placed?.hide();
        delete host.lineagePlaced;
        cy.resize();
        cy.style(STYLE);
        cy.startBatch();
        addBoxed(cy, payload);
        cy.endBatch();
        cy.one('render', painted);
        cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 90, animate: false, fit: true, padding: 30 }).run();
      }
      host.dataset.drawnNodes = String(payload.nodes.length);
      host.dataset.drawMs = String(Math.round(performance.now() - started));
      host.dataset.drawnAtMs = String(Math.round(performance.now()));
      return payload.nodes.length;
    },
    // Into the page's canvas when the page replaced the markup the drawing was made in: the same Cytoscape, moved with
    // the host around its container (Cytoscape stops drawing when its container itself leaves its parent).
    moveInto(canvas) {
      const moved = host;
      moved.removeAttribute('data-testid');
      moved.removeAttribute('aria-label');
      moved.className = 'wb-lineage-early';
      canvas.replaceChildren(moved);
      for (const name of ['drawnNodes', 'drawMs', 'drawnAtMs', 'paintedMs', 'selected']) {
        if (moved.dataset[name] != null) canvas.dataset[name] = moved.dataset[name];
        delete moved.dataset[name];
      }
      delete moved.lineageGraph;
      delete moved.lineagePlaced;
      host = canvas;
      host.lineageGraph = cy;
      if (large) host.lineagePlaced = placed.testApi;
    },
    attach(pageReference, key) {
      page = pageReference;
      drawnKey = key;
      if (pendingSelection != null) page.invokeMethodAsync('NodeSelected', pendingSelection);
      pendingSelection = null;
    },
    fit() { if (large) placed.fit(); else cy.fit(undefined, 30); },
    select(id) {
      if (large) return placed.select(id);
      let node = cy.getElementById(String(id));
      if (node.empty()) node = cy.nodes().filter(n => n.data('ref') === id).first();
      if (node.empty()) return false;
      cy.nodes().unselect();
      node.select();
      selected = node;
      cy.animate({ center: { eles: node } }, { duration: 200 });
      return true;
    },
    async downloadPng(fileName) {
      download(large ? await placed.png() : cy.png({ full: true, scale: 2, bg: '#ffffff', output: 'blob' }), fileName);
    },
    downloadSvg(fileName) {
      download(new Blob([svgText()], { type: 'image/svg+xml' }), fileName);
    },
    svg: () => svgText(),
    dispose() { resizing.disconnect(); placed?.dispose(); cy.destroy(); },
  };
}

// A dataset's header stands for it in a large drawing: its id is the header's, the dataset is its ref.
const nodeId = node => node.data('ref') ?? Number(node.id());

// Small neighbourhoods: columns inside dataset boxes (compound nodes), laid out by dagre. Every node is pannable:
// a drag anywhere moves the view, since nothing is gained by moving one node of a laid-out graph.
function addBoxed(cy, payload) {
  cy.add(payload.containers.map(c => ({ group: 'nodes', pannable: true, data: { id: String(c.id), label: c.label, kind: c.kind } })));
  cy.add(payload.nodes.map(n => ({
    group: 'nodes', pannable: true, classes: n.id === payload.rootId ? 'root' : '',
    data: { id: String(n.id), label: n.label, kind: n.kind, depth: n.depth, parent: n.parent == null ? undefined : String(n.parent) },
  })));
  cy.add(payload.edges.map(e => ({
    group: 'edges', data: { id: 'e' + e.id, source: String(e.source), target: String(e.target), label: e.label ?? '', indirect: e.indirect },
  })));
}

function highlightPath(cy, from, to) {
  clearPath(cy);
  let result = cy.elements().aStar({ root: from, goal: to, directed: true });
  if (!result.found) result = cy.elements().aStar({ root: to, goal: from, directed: true });
  if (!result.found) return false;
  cy.elements().not(result.path).addClass('faded');
  result.path.addClass('path');
  return true;
}

function clearPath(cy) {
  cy.elements().removeClass('path faded');
}

function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const escapeXml = text => String(text).replace(/[<>&"']/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]));

// Cytoscape draws on canvas only; the SVG is rebuilt from the laid-out model: boxes, labels and arrows.
function toSvg(cy) {
  const box = cy.elements().boundingBox();
  const pad = 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x1 - pad} ${box.y1 - pad} ${box.w + 2 * pad} ${box.h + 2 * pad}" font-family="sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#90a4ae"/></marker></defs>',
    '<rect x="' + (box.x1 - pad) + '" y="' + (box.y1 - pad) + '" width="' + (box.w + 2 * pad) + '" height="' + (box.h + 2 * pad) + '" fill="#fff"/>',
  ];
  for (const parent of cy.nodes(':parent')) {
    const b = parent.boundingBox({ includeLabels: false });
    parts.push(`<rect x="${b.x1}" y="${b.y1}" width="${b.w}" height="${b.h}" rx="6" fill="none" stroke="#90a4ae" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${b.x1 + b.w / 2}" y="${b.y1 - 4}" font-size="11" font-weight="bold" text-anchor="middle">${escapeXml(parent.data('label'))}</text>`);
  }
  for (const edge of cy.edges()) {
    const s = edge.sourceEndpoint();
    const t = edge.targetEndpoint();
    parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="#90a4ae" stroke-width="1.5" marker-end="url(#arrow)"${edge.data('indirect') ? ' stroke-dasharray="5 3"' : ''}/>`);
  }
  for (const node of cy.nodes(':childless')) {
    const p = node.position();
    const w = node.width() + 12;
    const h = node.height() + 12;
    const fill = KIND_COLOURS[node.data('kind')] ?? '#9e9e9e';
    parts.push(`<g data-id="${escapeXml(node.id())}"><rect x="${p.x - w / 2}" y="${p.y - h / 2}" width="${w}" height="${h}" rx="4" fill="${fill}" stroke="#455a64"/>`
      + `<text x="${p.x}" y="${p.y + 4}" font-size="11" text-anchor="middle">${escapeXml(node.data('label'))}</text></g>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
