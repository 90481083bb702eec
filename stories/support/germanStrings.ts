import type { ConflictKitStrings } from '../../src/ui/index';

const um = (when: string | undefined): string => (when ? ` um ${when}` : '');
const liste = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} und ${items[items.length - 1]}`;
const lesbar = (value: string): string => value.replace(/[_-]+/g, ' ');
/** The stories' fields, as a German form names them. */
const FELDER: Readonly<Record<string, string>> = { title: 'Titel', status: 'Status', assignee: 'Zuständig', priority: 'Priorität', description: 'Beschreibung', dueDate: 'Fällig am' };

/** Every string of the kit in German: the stories show a complete translation, and the copy review checks that none is missing. */
export const germanStrings: ConflictKitStrings = {
  formatTime: (ms) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms),
  formatDate: (ms) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(ms),
  personName: (id) => id,
  fieldLabel: (path) => path.map((segment) => (typeof segment === 'number' ? String(segment + 1) : (FELDER[segment] ?? segment))).join(' › '),
  mergeTitle: 'Bearbeitungskonflikt lösen',
  mergeDescription: (by, when, tab) =>
    `${by || !tab ? `${by ?? 'Jemand anderes'} hat diesen Datensatz` : 'Dieser Datensatz wurde'}${tab ? ' in einem anderen Tab' : ''}${um(when)} geändert, während Sie ihn ${tab ? 'hier ' : ''}bearbeitet haben. Wählen Sie für jeden Konflikt, was bleiben soll; gespeichert wird erst danach.`,
  progress: (resolved, total) => `${resolved} von ${total} ${total === 1 ? 'Konflikt' : 'Konflikten'} gelöst`,
  previous: 'Vorheriger Konflikt',
  next: 'Nächster Konflikt',
  copyMine: 'Meine Fassung kopieren',
  copied: 'Kopiert. Sie können es überall einfügen.',
  copyFailed: 'Kopieren ging nicht automatisch. Markieren Sie den Text unten und kopieren Sie ihn selbst.',
  save: 'Zusammengeführte Fassung speichern',
  cancel: 'Abbrechen',
  original: 'Ursprünglich',
  yourVersion: 'Ihre Fassung',
  theirVersion: 'Deren Fassung',
  result: 'Ergebnis',
  keepMine: 'Ihre behalten',
  keepTheirs: 'Deren behalten',
  keepBoth: 'Beide behalten',
  keepBothHint: 'Setzt Ihren Text und deren Text hintereinander.',
  useSuggestion: 'Beide Änderungen vereinen',
  useSuggestionHint: 'Übernimmt Ihre und deren Änderungen zusammen in einen Text.',
  keepOriginal: 'Ursprüngliche behalten',
  edit: 'Bearbeiten',
  chooseFor: (label) => `Auswahl für ${label}`,
  hunkLabel: (label, n, count) => `${label}, Konflikt ${n} von ${count}`,
  editLabel: (label) => `Ihre Bearbeitung von ${label}`,
  invalidJson: (message) => `Kein gültiges JSON: ${message}. Zahlen als 42, Text in "Anführungszeichen".`,
  unresolved: 'Noch nicht gewählt',
  absent: '(keiner)',
  empty: '(leer)',
  collapsed: (lines, merged) => `${lines} ${merged ? 'Zeilen ohne Konflikt' : 'unveränderte Zeilen'}`,
  staleMessage: (by, when, tab) =>
    `${by || !tab ? `${by ?? 'Jemand'} hat diesen Datensatz` : 'Dieser Datensatz wurde'}${tab ? ' in einem anderen Tab' : ''}${um(when)} geändert, nachdem Sie ihn geöffnet haben.`,
  deletedMessage: 'Jemand hat diesen Datensatz gelöscht, nachdem Sie ihn geöffnet haben.',
  reviewChanges: 'Änderungen ansehen',
  loadLatest: 'Neueste laden',
  keepEditing: 'Weiter bearbeiten',
  discardWarning: 'Beim Laden der neuesten Fassung gehen Ihre ungespeicherten Änderungen verloren.',
  discardChanges: 'Meine Änderungen verwerfen',
  field: 'Feld',
  before: 'Vorher',
  now: 'Jetzt',
  noChanges: 'Keines der hier gezeigten Felder hat sich geändert.',
  loadingLatest: 'Die neueste Fassung wird geladen…',
  latestUnavailable: 'Die neueste Fassung ließ sich nicht zum Vergleich laden. Mit „Neueste laden“ sehen Sie sie.',
  duplicateTitle: 'Bereits angelegt',
  duplicateDescription: 'Ihre Anfrage hat nichts Neues angelegt.',
  duplicateServerSaid: (message) => `Der Server schreibt: „${message}“`,
  existing: 'Das gibt es schon:',
  duplicateCreated: (by, when) => (by ? `Angelegt von ${by}${um(when)}.` : when ? `Angelegt${um(when)}.` : ''),
  duplicateDiffers: 'Ihre Eingabe weicht davon ab:',
  duplicateMatches: 'Ihre Eingabe stimmt damit überein.',
  youEntered: 'Ihre Eingabe',
  existingValue: 'Vorhanden',
  viewExisting: 'Vorhandenen ansehen',
  dismiss: 'Schließen',
  transitionTitle: (attempted) => `„${lesbar(attempted)}“ ist nicht mehr möglich`,
  transitionDescription: (state, by, when) => {
    if (state === undefined) return 'Das geht im jetzigen Zustand des Datensatzes nicht mehr; nichts wurde geändert.';
    return `Der Datensatz ist jetzt ${state}.${by ? ` ${by} hat ihn${um(when)} geändert.` : ''} Ihre Aktion hat nichts geändert.`;
  },
  transitionDoneTitle: (state) => `Bereits ${state}`,
  transitionDoneDescription: (by, when) => `${by ? `${by} hat das${um(when)} schon erledigt` : 'Das war schon erledigt'}; es wurde nichts zweimal getan.`,
  stillAllowed: 'Sie können noch:',
  noTransitions: 'Damit lässt sich jetzt nichts weiter tun.',
  transitionLabel: lesbar,
  stateLabel: lesbar,
  confirmTransition: (label) => `${label}? Das lässt sich nicht rückgängig machen.`,
  confirmBack: 'Zurück',
  close: 'Schließen',
  deletedTitle: 'Dieser Datensatz wurde gelöscht',
  deletedDescription: 'Jemand hat diesen Datensatz gelöscht, während Sie ihn bearbeitet haben; Ihre Änderungen ließen sich nicht speichern.',
  unknownTitle: 'Ihre Änderung ließ sich nicht speichern',
  unknownDescription: 'Ihre Änderung wurde abgelehnt, ohne Erklärung, die diese Seite zeigen kann.',
  serverSaid: (message) => `Ihre Änderung wurde abgelehnt. Der Server schreibt: „${message}“`,
  reloadDiscards: 'Kopieren Sie Ihre Fassung, wenn Sie sie noch brauchen: „Neu laden“ verwirft sie.',
  supportDetails: 'Angaben für den Support',
  requestId: (id) => `Anfrage-ID: ${id}`,
  traceId: (id) => `Trace-ID: ${id}`,
  reasonCode: (reason) => `Grund-Code: ${reason}`,
  serverMessage: (message) => `Meldung des Servers: ${message}`,
  copyDraft: 'Meine Fassung kopieren',
  reload: 'Neu laden',
  noticesLabel: 'Konflikthinweise',
  notice: (notice, when, fields) => {
    switch (notice.kind) {
      case 'auto-merged': {
        const wessen = notice.changedBy ? `von ${notice.changedBy}` : notice.inOtherTab ? 'aus einem anderen Tab' : 'von jemand anderem';
        const was = fields.length === 0 ? 'an diesem Datensatz' : `an ${liste(fields)}`;
        return `Ihre Änderungen sind gespeichert, zusammen mit den Änderungen ${wessen} ${was}${when ? ` (um ${when})` : ''}.`;
      }
      case 'replayed':
        return 'Das war schon erledigt; die Wiederholung hat nichts geändert.';
      default:
        return notice.kind satisfies never;
    }
  },
};
