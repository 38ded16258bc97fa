// The details panel's only script. It names the action of the clicked button; the extension knows which work is
// shown. The key is kept in the webview state so VS Code can restore the panel after a reload.
/* global acquireVsCodeApi, document, Element, HTMLButtonElement */
(function () {
  const vscode = acquireVsCodeApi();
  const key = document.body.dataset.key;
  if (key) vscode.setState({ key });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!(target instanceof HTMLButtonElement)) return;
    event.preventDefault();
    vscode.postMessage({ action: target.dataset.action });
  });
})();
