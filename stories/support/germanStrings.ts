import { defaultStrings, type ConflictKitStrings } from '../../src/ui/index';

const byAt = (by: string | undefined, when: string | undefined): string => (by ? ` von ${by}` : '') + (when ? ` um ${when}` : '');

/** A translated set (German) of the merge dialog's, banner's and notices' strings; the rest keep the English defaults. */
export const germanStrings: Partial<ConflictKitStrings> = {
  formatTime: (ms) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms),
  mergeTitle: 'Bearbeitungskonflikt lösen',
  mergeDescription: (by, when) =>
    `Jemand anderes${by ? ` (${by})` : ''} hat diesen Datensatz${when ? ` um ${when}` : ''} geändert, während Sie ihn bearbeitet haben. Wählen Sie für jeden Konflikt, was bleiben soll; gespeichert wird erst danach.`,
  progress: (resolved, total) => `${resolved} von ${total} Konflikten gelöst`,
  previous: 'Vorheriger Konflikt',
  next: 'Nächster Konflikt',
  copyMine: 'Meine Fassung kopieren',
  copied: 'In die Zwischenablage kopiert',
  copyFailed: 'Kopieren ging nicht automatisch: Text unten markieren und kopieren.',
  save: 'Zusammengeführte Fassung speichern',
  cancel: 'Abbrechen',
  original: 'Ursprünglich',
  yourVersion: 'Ihre Fassung',
  theirVersion: 'Deren Fassung',
  result: 'Ergebnis',
  keepMine: 'Ihre behalten',
  keepTheirs: 'Deren behalten',
  keepBoth: 'Beide behalten',
  useSuggestion: 'Vorschlag übernehmen',
  keepOriginal: 'Ursprüngliche behalten',
  edit: 'Bearbeiten',
  chooseFor: (label) => `Auswahl für ${label}`,
  hunkLabel: (label, n, count) => `${label}, Konflikt ${n} von ${count}`,
  editLabel: (label) => `Ihre Bearbeitung von ${label}`,
  invalidJson: (message) => `Kein gültiges JSON: ${message}`,
  unresolved: 'Noch nicht gelöst',
  absent: '(entfernt)',
  collapsed: (lines, merged) => `${lines} ${merged ? 'Zeilen ohne Konflikt zusammengeführt' : 'unveränderte Zeilen'}`,
  staleMessage: (by, when) => `Dieser Datensatz wurde geändert, seit Sie ihn geöffnet haben${byAt(by, when)}.`,
  reviewChanges: 'Änderungen ansehen',
  loadLatest: 'Neueste laden',
  keepEditing: 'Weiter bearbeiten',
  noticesLabel: 'Konflikthinweise',
  dismiss: 'Schließen',
  notice: (notice, when) =>
    notice.kind === 'auto-merged' ? `Mit Änderungen${byAt(notice.changedBy, when)} zusammengeführt.` : defaultStrings.notice(notice, when),
};
