/**
 * Copies text to the clipboard: the async Clipboard API where it exists and
 * is allowed (secure contexts only), else a selected off-screen textarea and
 * `execCommand('copy')`. Resolves `false` when neither worked, so the caller
 * can show the text for copying by hand; never throws.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API (an insecure context), permission denied or not focused: try the old way.
  }
  if (typeof document === 'undefined' || typeof document.execCommand !== 'function') return false;
  const active = document.activeElement;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  // Inside an open modal dialog, only the dialog's subtree is not inert.
  const host = active?.closest('dialog') ?? document.body;
  host.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (active instanceof HTMLElement) active.focus();
  return ok;
}
