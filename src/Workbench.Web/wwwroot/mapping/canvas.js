// Pointer work the server cannot do at frame rate: the rubber-band line while dragging a connection,
// panning, zooming and fitting. The connection itself is decided on the server (Blazor pointer events).
const state = new WeakMap();

function toViewport(viewport, event) {
    const point = new DOMPoint(event.clientX, event.clientY);
    return point.matrixTransform(viewport.getScreenCTM().inverse());
}

function apply(s) {
    s.viewport.setAttribute("transform", `translate(${s.x} ${s.y}) scale(${s.k})`);
}

export function attach(svg) {
    const viewport = svg.querySelector("[data-viewport]");
    const band = svg.querySelector("[data-rubber-band]");
    const s = { svg, viewport, band, x: 0, y: 0, k: 1, drag: null, pan: null, touched: false };
    state.set(svg, s);
    apply(s);
    // Until the steward pans or zooms, keep everything in view as the page settles and resizes.
    s.observer = new ResizeObserver(() => { if (!s.touched) fit(svg); });
    s.observer.observe(svg);

    svg.addEventListener("pointerdown", event => {
        const port = event.target.closest("[data-port-out]");
        if (port) {
            const start = { x: Number(port.getAttribute("cx")), y: Number(port.getAttribute("cy")) };
            s.drag = start;
            band.setAttribute("x1", start.x); band.setAttribute("y1", start.y);
            band.setAttribute("x2", start.x); band.setAttribute("y2", start.y);
            band.style.display = "";
            event.preventDefault();
            return;
        }
        if (event.button === 0 && !event.target.closest("[data-card],[data-connector]")) {
            s.pan = { x: event.clientX - s.x, y: event.clientY - s.y };
            s.touched = true;
            svg.classList.add("wb-panning");
        }
    });
    svg.addEventListener("pointermove", event => {
        if (s.drag) {
            const p = toViewport(viewport, event);
            band.setAttribute("x2", p.x); band.setAttribute("y2", p.y);
        } else if (s.pan) {
            s.x = event.clientX - s.pan.x;
            s.y = event.clientY - s.pan.y;
            apply(s);
        }
    });
    const end = () => {
        s.drag = null;
        s.pan = null;
        band.style.display = "none";
        svg.classList.remove("wb-panning");
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointerleave", end);
    svg.addEventListener("wheel", event => {
        event.preventDefault();
        s.touched = true;
        const rect = svg.getBoundingClientRect();
        const cx = event.clientX - rect.left, cy = event.clientY - rect.top;
        const k = Math.min(3, Math.max(0.2, s.k * (event.deltaY < 0 ? 1.1 : 1 / 1.1)));
        s.x = cx - (cx - s.x) * (k / s.k);
        s.y = cy - (cy - s.y) * (k / s.k);
        s.k = k;
        apply(s);
    }, { passive: false });
}

export function zoom(svg, factor) {
    const s = state.get(svg);
    if (!s) return;
    s.touched = true;
    s.k = Math.min(3, Math.max(0.2, s.k * factor));
    apply(s);
}

export function fit(svg) {
    const s = state.get(svg);
    if (!s) return;
    s.x = 0; s.y = 0; s.k = 1;
    apply(s);
    const box = s.viewport.getBBox();
    const rect = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    // Never enlarge: fitting is for seeing everything, small text helps nobody.
    const k = Math.min(1, (rect.width - 20) / box.width, (rect.height - 20) / box.height);
    s.k = k;
    s.x = Math.max(10, (rect.width - box.width * k) / 2) - box.x * k;
    s.y = 10 - box.y * k;
    apply(s);
}

export function reveal(svg, selector) {
    const s = state.get(svg);
    const element = svg.querySelector(selector);
    if (!s || !element) return;
    const box = element.getBBox();
    const rect = svg.getBoundingClientRect();
    s.x = rect.width / 2 - (box.x + box.width / 2) * s.k;
    s.y = rect.height / 2 - (box.y + box.height / 2) * s.k;
    apply(s);
}

export function detach(svg) {
    state.get(svg)?.observer.disconnect();
    state.delete(svg);
}
