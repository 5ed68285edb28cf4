// Remembers the theme the user chose, so the server renders it on the next page load (no flash of the other theme).
window.workbenchTheme = {
  remember: function (name) {
    document.cookie = 'WorkbenchTheme=' + (name === 'dark' ? 'dark' : 'light') + '; path=/; max-age=31536000; samesite=lax';
  },
  // The browser's time zone (IANA name), so times can be shown as the user's local time.
  timeZone: function () {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  },
};
