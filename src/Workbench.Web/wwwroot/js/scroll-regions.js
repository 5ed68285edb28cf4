// A grid that scrolls inside the page (a virtualised MudDataGrid) must be reachable from the keyboard, or its rows
// below the fold cannot be read without a mouse (WCAG 2.1.1). MudBlazor renders the scrolling container itself, so
// it gets its tab stop, and the grid's data-scroll-label as its name, here.
(function () {
  let scheduled = false;
  function mark() {
    scheduled = false;
    document.querySelectorAll('.mud-table-container').forEach(function (box) {
      if (box.hasAttribute('tabindex')) return;
      if (box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth) return;
      box.setAttribute('tabindex', '0');
      const label = box.closest('[data-scroll-label]');
      if (label) {
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', label.getAttribute('data-scroll-label'));
      }
    });
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(mark);
  }
  new MutationObserver(schedule).observe(document.documentElement, { subtree: true, childList: true });
  window.addEventListener('resize', schedule);
  schedule();
})();
