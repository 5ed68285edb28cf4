// The large form of a lineage drawing (payload.large, decided by the page), drawn on a canvas of its own.
// Cytoscape needs 1-2 s for its first frame of 4,000 elements on a cold page (style resolution and element textures
// in a profile), however lean the style. Here every node has its place and size before drawing, so a frame is a
// few rectangles, lines and, once zoomed in far enough to read them, labels: tens of milliseconds.
// Columns by distance from the root (upstream left, downstream right); within one, each dataset's header and then
// its fields or columns by name. A long column wraps into several, so a wide neighbourhood stays readable when fitted.

const ROWS_PER_COLUMN = 120;
const COLUMN_WIDTH = 200;
const ROW_HEIGHT = 34;
const NODE_HEIGHT = 22;
const FONT = '11px sans-serif';
const HEADER_FONT = 'bold 13px sans-serif';
// Below this zoom a label would be under 7 px: unreadable, so not drawn (as Cytoscape's min-zoomed-font-size).
const LABEL_ZOOM = 7 / 11;
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;
const PADDING = 30;
const EDGE = '#90a4ae';
const MARK = '#d81b60';
const SELECTED = '#ffb300';

// Wide enough for the label at 11px, without asking the browser to measure it.
const widthOf = label => label.length * 6.5 + 12;

function layeredSlots(nodes) {
  const layers = new Map();
  for (const node of [...nodes].sort((a, b) => (a.parent ?? 0) - (b.parent ?? 0) || a.label.localeCompare(b.label))) {
    if (!layers.has(node.depth)) layers.set(node.depth, []);
    const layer = layers.get(node.depth);
    if (node.parent != null && layer.at(-1)?.node?.parent !== node.parent) layer.push({ header: node.parent });
    layer.push({ node });
  }
  const slots = [];
  let x = 0;
  for (const depth of [...layers.keys()].sort((a, b) => a - b)) {
    const layer = layers.get(depth);
    const columns = Math.ceil(layer.length / ROWS_PER_COLUMN);
    const rows = Math.ceil(layer.length / columns);
    layer.forEach((slot, i) => slots.push({ ...slot, x: x + Math.floor(i / rows) * COLUMN_WIDTH, y: (i % rows - rows / 2) * ROW_HEIGHT }));
    x += columns * COLUMN_WIDTH + 220;
  }
  return slots;
}

/**
 * Draws placed neighbourhoods into `container`. `events` receives what the user does: select(id) for a click on a
 * node (a header stands for its dataset), path(fromLabel, toLabel, found) for a shift-click on a second node,
 * focus(id) for a double-click, painted() once a drawing is first on screen.
 */
export function createPlaced(container, colourOf, events) {
  const canvas = document.createElement('canvas');
  canvas.className = 'wb-lineage-placed';
  container.appendChild(canvas);
  const context = canvas.getContext('2d');
  let nodes = [];
  let edges = [];
  let zoom = 1, panX = 0, panY = 0;
  let selected = -1;
  let path = null;
  let frame = 0;
  let onPainted = null;

  const size = () => ({ width: container.clientWidth, height: container.clientHeight });

  function load(payload) {
    const containers = new Map(payload.containers.map(c => [c.id, c]));
    nodes = layeredSlots(payload.nodes).map(({ node, header, x, y }) => {
      if (header == null) {
        return { id: node.id, label: node.label, depth: node.depth, colour: colourOf(node.kind), width: widthOf(node.label), x, y,
          root: node.id === payload.rootId };
      }
      const { label } = containers.get(header) ?? { label: '' };
      return { ref: header, label, header: true, width: widthOf(label), x, y };
    });
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    edges = payload.edges
      .filter(e => index.has(e.source) && index.has(e.target))
      .map(e => ({ s: index.get(e.source), t: index.get(e.target), indirect: e.indirect }));
    selected = -1;
    path = null;
  }

  function bounds() {
    let x1 = Infinity, x2 = -Infinity, y1 = Infinity, y2 = -Infinity;
    for (const n of nodes) {
      x1 = Math.min(x1, n.x - n.width / 2); x2 = Math.max(x2, n.x + n.width / 2);
      y1 = Math.min(y1, n.y - NODE_HEIGHT / 2); y2 = Math.max(y2, n.y + NODE_HEIGHT / 2);
    }
    return { x1, x2, y1, y2 };
  }

  function fit() {
    const { width, height } = size();
    const b = bounds();
    zoom = Math.min((width - 2 * PADDING) / (b.x2 - b.x1), (height - 2 * PADDING) / (b.y2 - b.y1), 1.5);
    zoom = Math.max(MIN_ZOOM, zoom);
    panX = (width - zoom * (b.x1 + b.x2)) / 2;
    panY = (height - zoom * (b.y1 + b.y2)) / 2;
    redraw();
  }

  // Straight from the side of one node to the side of the other that faces it.
  function endpoints(edge) {
    const a = nodes[edge.s], b = nodes[edge.t];
    const forward = b.x >= a.x;
    return [a.x + (forward ? a.width / 2 : -a.width / 2), a.y, b.x + (forward ? -b.width / 2 : b.width / 2), b.y];
  }

  function paint(ctx, scale, offsetX, offsetY, z, view, allLabels) {
    ctx.setTransform(scale * z, 0, 0, scale * z, scale * offsetX, scale * offsetY);
    const inPath = path ? new Set(path.nodes) : null;
    const edgeInPath = path ? new Set(path.edges) : null;
    const visible = n => n.x + n.width / 2 >= view.x1 && n.x - n.width / 2 <= view.x2 && n.y + NODE_HEIGHT >= view.y1 && n.y - NODE_HEIGHT <= view.y2;

    const arrows = z >= 0.3;
    for (const dashed of [false, true]) {
      ctx.beginPath();
      ctx.setLineDash(dashed ? [6, 3] : []);
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i];
        if (e.indirect !== dashed || edgeInPath?.has(i)) continue;
        const [x1, y1, x2, y2] = endpoints(e);
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
      }
      ctx.globalAlpha = path ? 0.25 : 1;
      ctx.strokeStyle = EDGE;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (arrows) {
      ctx.fillStyle = EDGE;
      ctx.beginPath();
      for (let i = 0; i < edges.length; i++) {
        if (edgeInPath?.has(i)) continue;
        arrowHead(ctx, ...endpoints(edges[i]));
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    if (edgeInPath) {
      ctx.strokeStyle = MARK;
      ctx.fillStyle = MARK;
      ctx.lineWidth = 4;
      for (const i of edgeInPath) {
        const points = endpoints(edges[i]);
        ctx.beginPath();
        ctx.moveTo(points[0], points[1]);
        ctx.lineTo(points[2], points[3]);
        ctx.stroke();
        ctx.beginPath();
        arrowHead(ctx, ...points);
        ctx.fill();
      }
    }

    const labels = allLabels || z >= LABEL_ZOOM;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (!visible(n)) continue;
      ctx.globalAlpha = inPath && !inPath.has(i) ? 0.25 : 1;
      if (n.header) {
        if (labels) {
          ctx.font = HEADER_FONT;
          ctx.fillStyle = '#37474f';
          ctx.fillText(n.label, n.x, n.y);
        }
        continue;
      }
      const left = n.x - n.width / 2, top = n.y - NODE_HEIGHT / 2;
      ctx.fillStyle = n.colour;
      ctx.fillRect(left, top, n.width, NODE_HEIGHT);
      const mark = i === selected ? SELECTED : inPath?.has(i) || n.root ? MARK : null;
      ctx.strokeStyle = mark ?? '#455a64';
      ctx.lineWidth = mark ? 4 : 1;
      ctx.strokeRect(left, top, n.width, NODE_HEIGHT);
      if (labels) {
        ctx.font = FONT;
        ctx.fillStyle = '#1a1a1a';
        ctx.fillText(n.label, n.x, n.y);
      }
    }
    ctx.globalAlpha = 1;
  }

  function arrowHead(ctx, x1, y1, x2, y2) {
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const length = 8, spread = 0.45;
    ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - length * Math.cos(angle - spread), y2 - length * Math.sin(angle - spread));
    ctx.lineTo(x2 - length * Math.cos(angle + spread), y2 - length * Math.sin(angle + spread));
    ctx.closePath();
  }

  function render() {
    frame = 0;
    const { width, height } = size();
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    const view = { x1: -panX / zoom, y1: -panY / zoom, x2: (width - panX) / zoom, y2: (height - panY) / zoom };
    paint(context, ratio, panX, panY, zoom, view, false);
    if (onPainted) {
      const done = onPainted;
      onPainted = null;
      done();
    }
  }

  function redraw() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  // The node under a point of the canvas (CSS pixels), or -1.
  function hit(px, py) {
    const x = (px - panX) / zoom, y = (py - panY) / zoom;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i];
      if (Math.abs(x - n.x) <= n.width / 2 && Math.abs(y - n.y) <= NODE_HEIGHT / 2) return i;
    }
    return -1;
  }

  const idOf = i => nodes[i].header ? nodes[i].ref : nodes[i].id;

  // The directed path between two nodes either way (breadth first), as node and edge indexes, or null.
  function findPath(from, to) {
    for (const [start, goal] of [[from, to], [to, from]]) {
      const via = new Map([[start, null]]);
      const queue = [start];
      while (queue.length && !via.has(goal)) {
        const at = queue.shift();
        edges.forEach((e, i) => {
          if (e.s === at && !via.has(e.t)) { via.set(e.t, i); queue.push(e.t); }
        });
      }
      if (!via.has(goal)) continue;
      const found = { nodes: [goal], edges: [] };
      for (let at = goal; via.get(at) != null;) {
        const edge = via.get(at);
        found.edges.push(edge);
        at = edges[edge].s;
        found.nodes.push(at);
      }
      return found;
    }
    return null;
  }

  function centre(i) {
    const { width, height } = size();
    panX = width / 2 - nodes[i].x * zoom;
    panY = height / 2 - nodes[i].y * zoom;
    redraw();
  }

  function local(event) {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  // A drag anywhere pans (nodes keep their places); a press that does not move is a click.
  let press = null;
  canvas.addEventListener('pointerdown', event => {
    if (event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    press = { x: event.clientX, y: event.clientY, panX, panY, moved: false };
  });
  canvas.addEventListener('pointermove', event => {
    if (!press) return;
    const dx = event.clientX - press.x, dy = event.clientY - press.y;
    if (!press.moved && Math.hypot(dx, dy) < 4) return;
    press.moved = true;
    panX = press.panX + dx;
    panY = press.panY + dy;
    redraw();
  });
  canvas.addEventListener('pointerup', event => {
    const clicked = press && !press.moved;
    press = null;
    if (!clicked) return;
    const i = hit(...local(event));
    if (i < 0) return;
    if (event.shiftKey && selected >= 0 && selected !== i) {
      path = findPath(selected, i);
      events.path(nodes[selected].label, nodes[i].label, path != null);
      redraw();
      return;
    }
    path = null;
    selected = i;
    redraw();
    events.select(idOf(i));
  });
  canvas.addEventListener('dblclick', event => {
    const i = hit(...local(event));
    if (i >= 0) events.focus(idOf(i));
  });
  canvas.addEventListener('wheel', event => {
    event.preventDefault();
    const [x, y] = local(event);
    const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom * Math.exp(-event.deltaY * 0.0015)));
    panX = x - (x - panX) * next / zoom;
    panY = y - (y - panY) * next / zoom;
    zoom = next;
    redraw();
  }, { passive: false });
  const resizing = new ResizeObserver(() => redraw());
  resizing.observe(container);

  function svg() {
    const b = bounds();
    const pad = 20;
    const escape = text => String(text).replace(/[<>&"']/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]));
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${b.x1 - pad} ${b.y1 - pad} ${b.x2 - b.x1 + 2 * pad} ${b.y2 - b.y1 + 2 * pad}" font-family="sans-serif">`,
      `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${EDGE}"/></marker></defs>`,
      `<rect x="${b.x1 - pad}" y="${b.y1 - pad}" width="${b.x2 - b.x1 + 2 * pad}" height="${b.y2 - b.y1 + 2 * pad}" fill="#fff"/>`,
    ];
    for (const e of edges) {
      const [x1, y1, x2, y2] = endpoints(e);
      parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${EDGE}" stroke-width="1" marker-end="url(#arrow)"${e.indirect ? ' stroke-dasharray="6 3"' : ''}/>`);
    }
    for (const n of nodes) {
      if (n.header) {
        parts.push(`<text x="${n.x}" y="${n.y + 4}" font-size="13" font-weight="bold" text-anchor="middle">${escape(n.label)}</text>`);
        continue;
      }
      parts.push(`<g data-id="${n.id}"><rect x="${n.x - n.width / 2}" y="${n.y - NODE_HEIGHT / 2}" width="${n.width}" height="${NODE_HEIGHT}" fill="${n.colour}" stroke="#455a64"/>`
        + `<text x="${n.x}" y="${n.y + 4}" font-size="11" text-anchor="middle">${escape(n.label)}</text></g>`);
    }
    parts.push('</svg>');
    return parts.join('\n');
  }

  // The whole drawing at twice the scale, labels included, within what a browser canvas can hold.
  function png() {
    const b = bounds();
    const pad = 20;
    const width = b.x2 - b.x1 + 2 * pad, height = b.y2 - b.y1 + 2 * pad;
    const scale = Math.min(2, 8000 / Math.max(width, height));
    const image = document.createElement('canvas');
    image.width = Math.ceil(width * scale);
    image.height = Math.ceil(height * scale);
    const ctx = image.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, image.width, image.height);
    paint(ctx, scale, pad - b.x1, pad - b.y1, 1, { x1: -Infinity, y1: -Infinity, x2: Infinity, y2: Infinity }, true);
    return new Promise(done => image.toBlob(done, 'image/png'));
  }

  const testApi = {
    form: 'placed',
    nodes: () => nodes.map(n => ({ id: n.id ?? null, ref: n.ref ?? null, label: n.label, header: !!n.header, depth: n.depth ?? null, x: n.x, y: n.y })),
    pan: () => ({ x: panX, y: panY }),
    zoom: () => zoom,
    // Zooms to `level` and centres the node called `label`; its place on the canvas (CSS pixels), drawn now.
    centreOn(label, level) {
      const i = nodes.findIndex(n => n.label === label);
      if (i < 0) return null;
      zoom = level;
      centre(i);
      render();
      return { x: nodes[i].x * zoom + panX, y: nodes[i].y * zoom + panY };
    },
  };

  return {
    testApi,
    draw(payload, painted) {
      load(payload);
      onPainted = painted;
      canvas.hidden = false;
      fit();
    },
    hide() { canvas.hidden = true; nodes = []; edges = []; },
    fit,
    select(id) {
      const i = nodes.findIndex(n => n.header ? n.ref === id : n.id === id);
      if (i < 0) return false;
      selected = i;
      path = null;
      centre(i);
      return true;
    },
    svg,
    png,
    dispose() { resizing.disconnect(); if (frame) cancelAnimationFrame(frame); canvas.remove(); },
  };
}
