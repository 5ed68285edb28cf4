// On a full load of the lineage page with a node chosen, the server writes the neighbourhood into the page
// (data-early-payload on the canvas): it is drawn at once, while the page's circuit is still starting, instead of
// after it. Blazor replaces the prerendered markup when the circuit starts; the drawing moves into the new canvas
// within the same frame (a mutation observer), and the page takes it over (create() in lineage-graph.js).
const holder = document.querySelector('[data-early-payload]');
if (holder) {
  const { create } = await import('./lineage-graph.js');
  const canvasOfPage = () => document.querySelector('[data-testid="lineage-graph"]');
  // The page drew for itself while this module loaded: nothing left to do.
  if (holder.isConnected || !canvasOfPage()?.lineageGraph) {
    // Cytoscape's own container sits inside the holder: the holder is what moves.
    const container = document.createElement('div');
    container.className = 'wb-lineage-early';
    holder.appendChild(container);
    const drawing = create(container, null, holder);
    drawing.draw(JSON.parse(holder.dataset.earlyPayload));
    holder.removeAttribute('data-early-payload');
    window.workbenchEarlyLineage = { key: holder.dataset.earlyKey, holder, drawing };
    const moved = () => {
      const canvas = canvasOfPage();
      if (holder.isConnected || !canvas) return false;
      drawing.moveInto(canvas);
      return true;
    };
    if (!moved()) {
      const watching = new MutationObserver(() => { if (moved()) watching.disconnect(); });
      watching.observe(document.body, { childList: true, subtree: true });
    }
  }
}
