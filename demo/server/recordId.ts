/** Id prefixes of the demo resources: `T-1001`, `O-1001`, `D-1001`. */
export const ID_PREFIX = { tickets: 'T', orders: 'O', documents: 'D' } as const;

/** One resource collection name. */
export type ResourceName = keyof typeof ID_PREFIX;

/** Formats a readable, URL-safe id such as `T-1001`. */
export function recordId(resource: ResourceName, seq: number): string {
  return `${ID_PREFIX[resource]}-${seq}`;
}

/** The sequence number inside an id such as `T-1001`, or `null` when the id is not one of ours. */
export function parseRecordId(resource: ResourceName, id: string): number | null {
  const match = /^([A-Z])-([1-9][0-9]{0,8})$/.exec(id);
  if (!match || match[1] !== ID_PREFIX[resource] || match[2] === undefined) return null;
  return Number(match[2]);
}
